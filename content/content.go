// Package content ships the curriculum: the YAML files under
// content/<subject>/ (see docs/content.md), embedded in the binary so a
// fresh install has every subject without a separate download.
package content

import (
	"embed"
	"io/fs"
)

//go:embed */*.yaml
var files embed.FS

// FS holds <subject>/*.yaml, the layout curriculum.Load reads.
var FS fs.FS = files
