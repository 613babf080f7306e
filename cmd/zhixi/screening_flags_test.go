package main

import (
	"flag"
	"io"
	"testing"

	"github.com/zhixi-org/zhixi/learn"
)

func TestScreeningFlags(t *testing.T) {
	tests := []struct {
		args []string
		want learn.Policy
		ok   bool
	}{
		{nil, learn.Policy{MinGrade: 1, MaxGrade: 12, MinAnswers: 5}, true},
		{[]string{"--screening-min-grade", "7", "--screening-max-grade", "9", "--screening-one-in-total", "--screening-min-answers", "3"},
			learn.Policy{MinGrade: 7, MaxGrade: 9, MinAnswers: 3, OneInTotal: true}, true},
		{[]string{"--screening-min-grade", "9", "--screening-max-grade", "7"}, learn.Policy{}, false},
		{[]string{"--screening-max-grade", "13"}, learn.Policy{}, false},
		{[]string{"--screening-min-answers", "0"}, learn.Policy{}, false},
	}
	for _, tt := range tests {
		fs := flag.NewFlagSet("serve", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		get := screeningFlags(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		got, err := get()
		if (err == nil) != tt.ok || (tt.ok && got != tt.want) {
			t.Errorf("%v: %+v, %v; want %+v ok=%v", tt.args, got, err, tt.want, tt.ok)
		}
	}
}
