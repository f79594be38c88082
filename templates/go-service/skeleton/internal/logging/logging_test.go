package logging

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

func TestLinesAreJSONWithFields(t *testing.T) {
	var buf bytes.Buffer
	l := New(&buf, "svc")
	l.now = func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }
	l.Info("hello", "path", "/health", "status", 200)

	var got map[string]interface{}
	if err := json.Unmarshal(buf.Bytes(), &got); err != nil {
		t.Fatalf("log line is not JSON: %v: %q", err, buf.String())
	}
	want := map[string]interface{}{
		"time": "2025-01-02T03:04:05Z", "level": "info", "service": "svc",
		"msg": "hello", "path": "/health", "status": float64(200),
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}
