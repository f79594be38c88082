package metrics

import (
	"strings"
	"testing"
	"time"
)

func TestExpositionCountsAndBuckets(t *testing.T) {
	r := NewRegistry()
	r.ObserveRequest("GET", "/health", 200, 3*time.Millisecond)
	r.ObserveRequest("GET", "/health", 200, 30*time.Millisecond)
	r.ObserveRequest("GET", `/we"ird`, 404, 2*time.Second)

	var b strings.Builder
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"# TYPE http_requests_total counter\n",
		`http_requests_total{method="GET",path="/health",code="200"} 2` + "\n",
		`http_requests_total{method="GET",path="/we\"ird",code="404"} 1` + "\n",
		"# TYPE http_request_duration_seconds histogram\n",
		`http_request_duration_seconds_bucket{path="/health",le="0.005"} 1` + "\n",
		`http_request_duration_seconds_bucket{path="/health",le="0.05"} 2` + "\n",
		`http_request_duration_seconds_bucket{path="/health",le="+Inf"} 2` + "\n",
		`http_request_duration_seconds_count{path="/health"} 2` + "\n",
		`http_request_duration_seconds_bucket{path="/we\"ird",le="1"} 0` + "\n",
		`http_request_duration_seconds_bucket{path="/we\"ird",le="2.5"} 1` + "\n",
		"# TYPE go_goroutines gauge\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("exposition lacks %q\n%s", want, out)
		}
	}
}
