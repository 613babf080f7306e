//go:build race

package kt

const raceOn = true
