package metrics

import (
	"fmt"
	"regexp"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"${{ values.name }}/internal/version"
)

// writeGoMetrics writes the go_* metrics under the names and types
// Prometheus' Go client uses, so the usual Go dashboards work unchanged.
func writeGoMetrics(b *strings.Builder) {
	gauge(b, "go_goroutines", "gauge", "Number of goroutines that currently exist.", float64(runtime.NumGoroutine()))
	threads, _ := runtime.ThreadCreateProfile(nil)
	gauge(b, "go_threads", "gauge", "Number of OS threads created.", float64(threads))
	fmt.Fprintf(b, "# HELP go_info Information about the Go environment.\n# TYPE go_info gauge\ngo_info{version=%s} 1\n", quote(runtime.Version()))

	var gc debug.GCStats
	gc.PauseQuantiles = make([]time.Duration, 5)
	debug.ReadGCStats(&gc)
	b.WriteString("# HELP go_gc_duration_seconds A summary of the pause duration of garbage collection cycles.\n")
	b.WriteString("# TYPE go_gc_duration_seconds summary\n")
	for i, q := range []string{"0", "0.25", "0.5", "0.75", "1"} {
		fmt.Fprintf(b, "go_gc_duration_seconds{quantile=%q} %s\n", q, formatFloat(gc.PauseQuantiles[i].Seconds()))
	}
	fmt.Fprintf(b, "go_gc_duration_seconds_sum %s\n", formatFloat(gc.PauseTotal.Seconds()))
	fmt.Fprintf(b, "go_gc_duration_seconds_count %d\n", gc.NumGC)

	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	for _, s := range []struct {
		name, kind, help string
		value            float64
	}{
		{"go_memstats_alloc_bytes", "gauge", "Number of bytes allocated in heap and currently in use.", float64(m.Alloc)},
		{"go_memstats_alloc_bytes_total", "counter", "Total number of bytes allocated in heap until now, even if released already.", float64(m.TotalAlloc)},
		{"go_memstats_sys_bytes", "gauge", "Number of bytes obtained from system.", float64(m.Sys)},
		{"go_memstats_mallocs_total", "counter", "Total number of heap objects allocated.", float64(m.Mallocs)},
		{"go_memstats_frees_total", "counter", "Total number of heap objects frees.", float64(m.Frees)},
		{"go_memstats_heap_alloc_bytes", "gauge", "Number of heap bytes allocated and currently in use.", float64(m.HeapAlloc)},
		{"go_memstats_heap_sys_bytes", "gauge", "Number of heap bytes obtained from system.", float64(m.HeapSys)},
		{"go_memstats_heap_idle_bytes", "gauge", "Number of heap bytes waiting to be used.", float64(m.HeapIdle)},
		{"go_memstats_heap_inuse_bytes", "gauge", "Number of heap bytes that are in use.", float64(m.HeapInuse)},
		{"go_memstats_heap_released_bytes", "gauge", "Number of heap bytes released to OS.", float64(m.HeapReleased)},
		{"go_memstats_heap_objects", "gauge", "Number of currently allocated objects.", float64(m.HeapObjects)},
		{"go_memstats_stack_inuse_bytes", "gauge", "Number of bytes obtained from system for stack allocator in non-CGO environments.", float64(m.StackInuse)},
		{"go_memstats_next_gc_bytes", "gauge", "Number of heap bytes when next garbage collection will take place.", float64(m.NextGC)},
		{"go_memstats_last_gc_time_seconds", "gauge", "Number of seconds since 1970 of last garbage collection.", float64(m.LastGC) / 1e9},
	} {
		gauge(b, s.name, s.kind, s.help, s.value)
	}
}

// writeBuildInfo writes go_build_info (the main module, as Prometheus' Go
// client does) and <service>_build_info with the version and revision the
// image was built from, the usual join key for "which version runs where".
func writeBuildInfo(b *strings.Builder, service string) {
	path, modVersion, sum := "unknown", "unknown", "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		path, modVersion, sum = bi.Main.Path, bi.Main.Version, bi.Main.Sum
	}
	b.WriteString("# HELP go_build_info Build information about the main Go module.\n# TYPE go_build_info gauge\n")
	fmt.Fprintf(b, "go_build_info{checksum=%s,path=%s,version=%s} 1\n", quote(sum), quote(path), quote(modVersion))

	info := version.Get()
	name := MetricName(service) + "_build_info"
	fmt.Fprintf(b, "# HELP %s Version, revision and Go version %s was built from.\n# TYPE %s gauge\n", name, service, name)
	fmt.Fprintf(b, "%s{version=%s,revision=%s,goversion=%s} 1\n", name, quote(info.Version), quote(info.Revision), quote(info.GoVersion))
}

var notMetricChar = regexp.MustCompile(`[^a-zA-Z0-9_]`)

// MetricName turns a service name (a DNS label) into a valid metric name
// prefix: '-' becomes '_' and a leading digit gets a '_' in front.
func MetricName(service string) string {
	name := notMetricChar.ReplaceAllString(service, "_")
	if name == "" || (name[0] >= '0' && name[0] <= '9') {
		name = "_" + name
	}
	return name
}
