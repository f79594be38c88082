//go:build linux

package metrics

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
)

// Linux reports user and system time in clock ticks; USER_HZ is 100 on
// every architecture the image is built for.
const clockTicks = 100

// writeProcessMetrics writes the process_* metrics Prometheus' Go client
// exports on Linux, read from /proc/self. A file that cannot be read leaves
// its metrics out rather than reporting zeros.
func writeProcessMetrics(b *strings.Builder) {
	if stat, err := os.ReadFile("/proc/self/stat"); err == nil {
		// Fields after the command name, which is in parentheses and may
		// contain spaces: f[0] is field 3 (state) of proc(5).
		if i := bytes.LastIndexByte(stat, ')'); i > 0 {
			f := strings.Fields(string(stat[i+1:]))
			if len(f) > 21 {
				utime, _ := strconv.ParseFloat(f[11], 64)
				stime, _ := strconv.ParseFloat(f[12], 64)
				startTicks, _ := strconv.ParseFloat(f[19], 64)
				vsize, _ := strconv.ParseFloat(f[20], 64)
				rssPages, _ := strconv.ParseFloat(f[21], 64)
				gauge(b, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", (utime+stime)/clockTicks)
				gauge(b, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.", vsize)
				gauge(b, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", rssPages*float64(os.Getpagesize()))
				if boot, ok := bootTime(); ok {
					gauge(b, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", boot+startTicks/clockTicks)
				}
			}
		}
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		gauge(b, "process_open_fds", "gauge", "Number of open file descriptors.", float64(len(fds)))
	}
	if limit, ok := maxOpenFiles(); ok {
		gauge(b, "process_max_fds", "gauge", "Maximum number of open file descriptors.", limit)
	}
}

// bootTime reads btime (seconds since the epoch) from /proc/stat.
func bootTime() (float64, bool) {
	f, err := os.Open("/proc/stat")
	if err != nil {
		return 0, false
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if line := s.Text(); strings.HasPrefix(line, "btime ") {
			n, err := strconv.ParseFloat(strings.TrimSpace(strings.TrimPrefix(line, "btime ")), 64)
			return n, err == nil
		}
	}
	return 0, false
}

// maxOpenFiles reads the soft limit of "Max open files" from /proc/self/limits.
func maxOpenFiles() (float64, bool) {
	data, err := os.ReadFile("/proc/self/limits")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(line, "Max open files") {
			f := strings.Fields(strings.TrimPrefix(line, "Max open files"))
			if len(f) > 0 {
				n, err := strconv.ParseFloat(f[0], 64)
				return n, err == nil
			}
		}
	}
	return 0, false
}
