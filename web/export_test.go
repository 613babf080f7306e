package web

// Translated reports whether key has a message in the catalogue.
func Translated(key string) bool {
	_, ok := messages[key]
	return ok
}

// Shorten exposes shorten to the tests.
var Shorten = shorten
