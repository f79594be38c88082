// Package version holds what the binary was built from. The Dockerfile sets
// Version and Revision with -ldflags "-X ..."; a plain `go build` in a git
// checkout still reports the commit Go stamps into the binary.
package version

import (
	"runtime"
	"runtime/debug"
)

// Version is the release (the image tag), set at build time.
var Version = "dev"

// Revision is the git commit, set at build time.
var Revision = ""

// Info describes the running binary.
type Info struct {
	Version   string `json:"version"`
	Revision  string `json:"revision"`
	GoVersion string `json:"goVersion"`
}

// Get returns the build information, falling back to the VCS revision the
// Go toolchain records when Revision was not set with -ldflags.
func Get() Info {
	info := Info{Version: Version, Revision: Revision, GoVersion: runtime.Version()}
	if info.Revision == "" {
		info.Revision = "unknown"
		if bi, ok := debug.ReadBuildInfo(); ok {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && s.Value != "" {
					info.Revision = s.Value
				}
			}
		}
	}
	return info
}
