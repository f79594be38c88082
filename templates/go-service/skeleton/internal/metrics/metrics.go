// Package metrics keeps request counters and latency histograms and writes
// them, with the standard go_*, process_* and build-info metrics that
// Prometheus' Go client exports, in the Prometheus text exposition format
// (version 0.0.4). Standard library only, so it builds without a module proxy.
package metrics

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// DefaultBuckets are latency bucket upper bounds in seconds.
var DefaultBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type requestKey struct {
	method, path string
	code         int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative
	sum    float64
	count  uint64
}

// Registry holds the service's metrics.
type Registry struct {
	mu        sync.Mutex
	service   string
	buckets   []float64
	requests  map[requestKey]uint64
	durations map[string]*histogram // by path
	started   time.Time
}

// NewRegistry returns an empty registry for the named service.
func NewRegistry(service string) *Registry {
	return &Registry{
		service:   service,
		buckets:   DefaultBuckets,
		requests:  map[requestKey]uint64{},
		durations: map[string]*histogram{},
		started:   time.Now(),
	}
}

// knownMethods are the HTTP methods kept as label values; anything else a
// client sends becomes "other", so a scanner cannot grow the series count.
var knownMethods = map[string]bool{
	"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true,
	"DELETE": true, "OPTIONS": true, "CONNECT": true, "TRACE": true,
}

// MethodLabel bounds the method label to the standard methods plus "other".
func MethodLabel(method string) string {
	if knownMethods[method] {
		return method
	}
	return "other"
}

// ObserveRequest records one finished HTTP request. The path must already
// be bounded by the caller; the method is bounded here.
func (r *Registry) ObserveRequest(method, path string, code int, d time.Duration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.requests[requestKey{MethodLabel(method), path, code}]++
	h, ok := r.durations[path]
	if !ok {
		h = &histogram{counts: make([]uint64, len(r.buckets))}
		r.durations[path] = h
	}
	s := d.Seconds()
	for i, le := range r.buckets {
		if s <= le {
			h.counts[i]++
			break
		}
	}
	h.sum += s
	h.count++
}

// WriteTo writes every metric in the text exposition format.
func (r *Registry) WriteTo(w io.Writer) (int64, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder

	b.WriteString("# HELP http_requests_total HTTP requests by method, path and status code.\n")
	b.WriteString("# TYPE http_requests_total counter\n")
	keys := make([]requestKey, 0, len(r.requests))
	for k := range r.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, c := keys[i], keys[j]
		if a.path != c.path {
			return a.path < c.path
		}
		if a.method != c.method {
			return a.method < c.method
		}
		return a.code < c.code
	})
	for _, k := range keys {
		fmt.Fprintf(&b, "http_requests_total{method=%s,path=%s,code=\"%d\"} %d\n",
			quote(k.method), quote(k.path), k.code, r.requests[k])
	}

	b.WriteString("# HELP http_request_duration_seconds HTTP request latency by path.\n")
	b.WriteString("# TYPE http_request_duration_seconds histogram\n")
	paths := make([]string, 0, len(r.durations))
	for p := range r.durations {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		h := r.durations[p]
		var cumulative uint64
		for i, le := range r.buckets {
			cumulative += h.counts[i]
			fmt.Fprintf(&b, "http_request_duration_seconds_bucket{path=%s,le=\"%s\"} %d\n",
				quote(p), strconv.FormatFloat(le, 'g', -1, 64), cumulative)
		}
		fmt.Fprintf(&b, "http_request_duration_seconds_bucket{path=%s,le=\"+Inf\"} %d\n", quote(p), h.count)
		fmt.Fprintf(&b, "http_request_duration_seconds_sum{path=%s} %s\n", quote(p), strconv.FormatFloat(h.sum, 'g', -1, 64))
		fmt.Fprintf(&b, "http_request_duration_seconds_count{path=%s} %d\n", quote(p), h.count)
	}

	writeGoMetrics(&b)
	writeProcessMetrics(&b)
	b.WriteString("# HELP process_uptime_seconds Seconds since the process started.\n")
	b.WriteString("# TYPE process_uptime_seconds gauge\n")
	fmt.Fprintf(&b, "process_uptime_seconds %s\n", strconv.FormatFloat(time.Since(r.started).Seconds(), 'f', 3, 64))
	writeBuildInfo(&b, r.service)

	n, err := io.WriteString(w, b.String())
	return int64(n), err
}

// gauge writes one unlabelled sample with its HELP and TYPE lines.
func gauge(b *strings.Builder, name, kind, help string, v float64) {
	fmt.Fprintf(b, "# HELP %s %s\n# TYPE %s %s\n%s %s\n", name, help, name, kind, name, formatFloat(v))
}

func formatFloat(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// quote escapes a label value as the exposition format requires.
func quote(v string) string {
	v = strings.ReplaceAll(v, `\`, `\\`)
	v = strings.ReplaceAll(v, "\n", `\n`)
	v = strings.ReplaceAll(v, `"`, `\"`)
	return `"` + v + `"`
}
