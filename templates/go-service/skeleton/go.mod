module ${{ values.name }}

// The minimum language version, not the toolchain: the image and CI build
// with Go 1.27 (Dockerfile, .github/workflows/ci.yaml).
go 1.19
