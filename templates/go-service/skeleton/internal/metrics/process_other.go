//go:build !linux

package metrics

import "strings"

// writeProcessMetrics: the process_* metrics are read from /proc, so other
// systems (a developer's macOS) leave them out; the image always runs Linux.
func writeProcessMetrics(*strings.Builder) {}
