package web

import (
	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/locale"
)

// message returns the Chinese text for err.
func message(err error) string {
	key, args := zhixi.ErrorKey(err)
	return translate(key, args...)
}

func translate(key string, args ...any) string { return locale.Text(key, args...) }
