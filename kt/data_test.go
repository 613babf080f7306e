package kt

import (
	"strings"
	"testing"
)

func TestReadAnswersErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty file", "", "line 1: empty file"},
		{"blank file", "\n\n", "line 1: empty file"},
		{"header only", "user_id,skill_id,correct\n", "line 2: no answers"},
		{"missing correct", "user_id,skill_id\n1,2\n", "line 1: header lacks column correct"},
		{"missing skill", "user_id\tcorrect\n1\t1\n", "line 1: header lacks column skill_id or skill_name"},
		{"missing user", "skill_name,correct\na,1\n", "line 1: header lacks column user_id"},
		{"duplicate column", "user_id,correct,skill_id,correct\n", "line 1: column \"correct\" appears twice"},
		{"correct is 2", "user_id,skill_id,correct\n1,a,1\n1,a,2\n", "line 3: correct must be 0 or 1, got \"2\""},
		{"correct is text", "user_id\tskill_id\tcorrect\nu\ta\tyes\n", "line 2: correct must be 0 or 1, got \"yes\""},
		{"too few fields", "user_id,skill_id,correct\n1,a,1\n2,b\n", "line 3: wrong number of fields"},
		{"empty skill", "user_id,skill_id,correct\n1,,1\n", "line 2: empty skill_id"},
		{"empty user", "user_id,skill_id,correct\n,a,1\n", "line 2: empty user_id"},
		{"bad order", "user_id,order_id,skill_name,correct\nu,x,a,1\n", "line 2: order_id must be an integer, got \"x\""},
		{"bad timestamp", "user_id\ttimestamp\tskill_id\tcorrect\nu\t1.5\ta\t1\n", "line 2: timestamp must be an integer"},
		{"bad quote", "user_id,skill_id,correct\n1,\"a,1\n", "line 2:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadAnswers(strings.NewReader(tt.in), NewVocab())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ReadAnswers error = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestReadAnswers(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		hasItems bool
		// per user: rows as "item:skills:correct", "|" between answers
		want []string
	}{
		{
			name:     "tsv with items, sorted by timestamp",
			in:       "user_id\titem_id\ttimestamp\tcorrect\tskill_id\nu1\ti1\t5\t1\ts1\nu2\ti2\t0\t0\ts2\nu1\ti2\t3\t0\ts2\n",
			hasItems: true,
			want:     []string{"i2:s2:0|i1:s1:1", "i2:s2:0"},
		},
		{
			name: "csv long format groups rows by order id",
			in:   "user_id,order_id,skill_name,correct\nu,1,a,1\nu,1,b,1\nu,2,a,0\n",
			want: []string{"skill:a:a:1,skill:b:b:1|skill:a:a:0"},
		},
		{
			name: "multi-skill fields: underscore, quoted comma, spaces and BOM",
			in:   "\ufeffUser_ID,skill_id,correct\nu,\"a, b\",1\nu,a_c,0\n",
			want: []string{"skill:a, b:a+b:1|skill:a_c:a+c:0"},
		},
		{
			name: "crlf line ends",
			in:   "user_id,skill_id,correct\r\nu,a,1\r\n",
			want: []string{"skill:a:a:1"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := NewVocab()
			d, err := ReadAnswers(strings.NewReader(tt.in), v)
			if err != nil {
				t.Fatal(err)
			}
			if d.HasItems != tt.hasItems {
				t.Errorf("HasItems = %v, want %v", d.HasItems, tt.hasItems)
			}
			var got []string
			for _, s := range d.Seqs {
				var answers []string
				s.Steps(func(rows []Row) {
					var rs []string
					for _, r := range rows {
						var sk []string
						for _, k := range r.Skills {
							sk = append(sk, v.Skills[k])
						}
						c := "0"
						if r.Correct {
							c = "1"
						}
						rs = append(rs, v.Items[r.Item]+":"+strings.Join(sk, "+")+":"+c)
					}
					answers = append(answers, strings.Join(rs, ","))
				})
				got = append(got, strings.Join(answers, "|"))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

func FuzzReadAnswers(f *testing.F) {
	f.Add("user_id,order_id,skill_name,correct\nu,1,a,1\nu,1,b,1\n")
	f.Add("user_id\titem_id\ttimestamp\tcorrect\tskill_id\n1\t2\t0\t1\t3_4\n")
	f.Add("user_id,skill_id,correct\n1,\"a,b\",0\n")
	f.Fuzz(func(t *testing.T, in string) {
		d, err := ReadAnswers(strings.NewReader(in), NewVocab())
		if err != nil {
			return
		}
		n := 0
		for _, s := range d.Seqs {
			steps := 0
			s.Steps(func(rows []Row) {
				steps += len(rows)
				for _, r := range rows {
					if len(r.Skills) == 0 {
						t.Fatalf("row on line %d has no skills", r.Line)
					}
				}
			})
			if steps != len(s.Rows) {
				t.Fatalf("steps cover %d rows, sequence has %d", steps, len(s.Rows))
			}
			n += len(s.Rows)
		}
		if n != d.Rows || n == 0 {
			t.Fatalf("Rows = %d, sequences hold %d", d.Rows, n)
		}
	})
}
