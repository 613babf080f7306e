//go:build !race

package kt

const raceOn = false
