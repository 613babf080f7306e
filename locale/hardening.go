package locale

func init() {
	add(map[string]string{
		"err.overloaded": "系统正忙，请稍等几秒再试。",
	})
}
