package web

import "github.com/zhixi-org/zhixi/locale"

// Translated reports whether key has a message in the catalogue.
func Translated(key string) bool {
	return locale.Has(key)
}

// Shorten exposes shorten to the tests.
var Shorten = shorten
