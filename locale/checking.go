package locale

// Answer checking: a response that is not an answer to the item.
func init() {
	add(map[string]string{
		"err.answer_malformed": "这个答案没法判分：%s。请改好后再提交，这次不算错。",
	})
}
