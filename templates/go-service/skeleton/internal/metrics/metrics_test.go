package metrics

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"${{ values.name }}/internal/version"
)

func exposition(t *testing.T, r *Registry) string {
	t.Helper()
	var b strings.Builder
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestExpositionCountsAndBuckets(t *testing.T) {
	r := NewRegistry("test")
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

func TestMethodLabelIsBounded(t *testing.T) {
	r := NewRegistry("test")
	r.ObserveRequest("GET", "/", 200, time.Millisecond)
	r.ObserveRequest("BREW", "/", 405, time.Millisecond)
	r.ObserveRequest("X-SCANNER-1", "/", 405, time.Millisecond)
	r.ObserveRequest("get", "/", 405, time.Millisecond)
	out := exposition(t, r)
	if !strings.Contains(out, `http_requests_total{method="other",path="/",code="405"} 3`+"\n") {
		t.Errorf("unknown methods are not collapsed into \"other\":\n%s", out)
	}
	for _, leaked := range []string{"BREW", "X-SCANNER-1", `"get"`} {
		if strings.Contains(out, leaked) {
			t.Errorf("exposition has the client's method %s as a label value", leaked)
		}
	}
}

func TestStandardGoProcessAndBuildInfoMetrics(t *testing.T) {
	oldVersion, oldRevision := version.Version, version.Revision
	t.Cleanup(func() { version.Version, version.Revision = oldVersion, oldRevision })
	version.Version, version.Revision = "1.4.0", "0123abc"

	out := exposition(t, NewRegistry("bonus-engine"))
	want := []string{
		"# TYPE go_goroutines gauge\n",
		"# TYPE go_threads gauge\n",
		`go_info{version="` + runtime.Version() + `"} 1` + "\n",
		"# TYPE go_gc_duration_seconds summary\n",
		`go_gc_duration_seconds{quantile="0.5"} `,
		"go_gc_duration_seconds_count ",
		"# TYPE go_memstats_alloc_bytes gauge\n",
		"# TYPE go_memstats_alloc_bytes_total counter\n",
		"# TYPE go_memstats_heap_inuse_bytes gauge\n",
		"# TYPE go_memstats_sys_bytes gauge\n",
		"# TYPE go_build_info gauge\n",
		"# TYPE bonus_engine_build_info gauge\n",
		`bonus_engine_build_info{version="1.4.0",revision="0123abc",goversion="` + runtime.Version() + `"} 1` + "\n",
	}
	if runtime.GOOS == "linux" {
		want = append(want,
			"# TYPE process_cpu_seconds_total counter\n",
			"# TYPE process_resident_memory_bytes gauge\n",
			"# TYPE process_virtual_memory_bytes gauge\n",
			"# TYPE process_start_time_seconds gauge\n",
			"# TYPE process_open_fds gauge\n",
			"# TYPE process_max_fds gauge\n",
		)
	}
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("exposition lacks %q", w)
		}
	}
	if t.Failed() {
		t.Log(out)
	}
}

func TestProcessStartTimeIsNow(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("process_* metrics come from /proc")
	}
	out := exposition(t, NewRegistry("test"))
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "process_start_time_seconds ") {
			var v float64
			if _, err := fmt.Sscan(strings.TrimPrefix(line, "process_start_time_seconds "), &v); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(time.Unix(int64(v), 0)); d < -2*time.Second || d > 10*time.Minute {
				t.Fatalf("process_start_time_seconds %v is %v from now, want the test process's start", v, d)
			}
			return
		}
	}
	t.Fatalf("no process_start_time_seconds in\n%s", out)
}

func TestMetricName(t *testing.T) {
	for in, want := range map[string]string{"bonus-engine": "bonus_engine", "7-seas": "_7_seas", "api": "api"} {
		if got := MetricName(in); got != want {
			t.Errorf("MetricName(%q) = %q, want %q", in, got, want)
		}
	}
}
