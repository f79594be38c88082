// Package logging writes one JSON object per line (structured logs that
// Fluent Bit and Loki parse without configuration), standard library only.
package logging

import (
	"encoding/json"
	"io"
	"sync"
	"time"
)

// Logger writes structured log lines.
type Logger struct {
	mu      sync.Mutex
	out     io.Writer
	service string
	now     func() time.Time
}

// New returns a logger that tags every line with the service name.
func New(out io.Writer, service string) *Logger {
	return &Logger{out: out, service: service, now: time.Now}
}

// Info logs a message with key/value pairs.
func (l *Logger) Info(msg string, kv ...interface{}) { l.log("info", msg, kv) }

// Error logs a message with key/value pairs.
func (l *Logger) Error(msg string, kv ...interface{}) { l.log("error", msg, kv) }

func (l *Logger) log(level, msg string, kv []interface{}) {
	entry := map[string]interface{}{
		"time":    l.now().UTC().Format(time.RFC3339Nano),
		"level":   level,
		"service": l.service,
		"msg":     msg,
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if key, ok := kv[i].(string); ok {
			entry[key] = kv[i+1]
		}
	}
	line, err := json.Marshal(entry)
	if err != nil {
		line = []byte(`{"level":"error","msg":"unloggable entry"}`)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	_, _ = l.out.Write(append(line, '\n'))
}
