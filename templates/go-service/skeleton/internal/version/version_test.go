package version

import (
	"runtime"
	"testing"
)

func TestGetReportsLdflagsValues(t *testing.T) {
	oldVersion, oldRevision := Version, Revision
	t.Cleanup(func() { Version, Revision = oldVersion, oldRevision })
	Version, Revision = "1.2.3", "abc123"
	got := Get()
	if got.Version != "1.2.3" || got.Revision != "abc123" || got.GoVersion != runtime.Version() {
		t.Fatalf("Get() = %+v", got)
	}
}
