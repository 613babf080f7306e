package loadtest

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Percentile returns the q-quantile (0..1) of sorted durations, 0 for none.
func Percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted)) + 0.5)
	return sorted[min(max(i-1, 0), len(sorted)-1)]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f", float64(d)/float64(time.Millisecond)) }

// Print writes the per-operation table, the per-phase throughput and
// server CPU, and ends with the one summary line.
func (r *Report) Print(w io.Writer) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "operation\trequests\terrors\tp50_ms\tp95_ms\tp99_ms\tmax_ms\t")
	for op := range numOps {
		lat := r.Latency[op]
		if len(lat) == 0 && len(r.Errors[op]) == 0 {
			continue
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", op, len(lat), errText(r.Errors[op]),
			ms(Percentile(lat, .5)), ms(Percentile(lat, .95)), ms(Percentile(lat, .99)), ms(Percentile(lat, 1)))
	}
	tw.Flush()
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	phases := []struct {
		name string
		p    Phase
	}{{"screening", r.Screening}, {"practice", r.Practice}}
	// The database server's CPU is a column only when it was measured
	// (PostgreSQL on this machine); SQLite's is in the server's.
	dbCPU := r.DBKnown && (r.Screening.DB.CPU > 0 || r.Practice.DB.CPU > 0)
	head := "phase\tanswers\tseconds\tanswers/s\tcpu_ms/answer\t"
	if r.DBKnown {
		head += "statements/answer\twrite_tx/answer\tread_tx/answer\t"
	}
	if dbCPU {
		head += "db_cpu_ms/answer\t"
	}
	fmt.Fprintln(tw, head)
	for _, ph := range phases {
		n := float64(ph.p.Answers)
		cpu := "n/a"
		if r.CPUKnown && n > 0 {
			cpu = fmt.Sprintf("%.2f", float64(ph.p.CPU)/float64(time.Millisecond)/n)
		}
		fmt.Fprintf(tw, "%s\t%d\t%.1f\t%.0f\t%s\t", ph.name, ph.p.Answers, ph.p.Elapsed.Seconds(), ph.p.PerSecond(), cpu)
		n = max(n, 1)
		d := ph.p.DB
		if r.DBKnown {
			fmt.Fprintf(tw, "%.1f\t%.2f\t%.2f\t", float64(d.Statements)/n, float64(d.WriteTx)/n, float64(d.ReadTx)/n)
		}
		if dbCPU {
			fmt.Fprintf(tw, "%.2f\t", float64(d.CPU)/float64(time.Millisecond)/n)
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	fmt.Fprintf(w, "screenings finished: %d", r.Finished)
	if !r.AnswerIDs {
		fmt.Fprint(w, "; the server refused answer_id, answers were sent without it")
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, r.Summary())
}

// Summary is the one-line result: answers per second and p99 latency of
// a screening answer and of a practice answer with its next question.
func (r *Report) Summary() string {
	return fmt.Sprintf("screening answers/s=%.0f p99_ms=%s practice answers/s=%.0f p99_ms=%s",
		r.Screening.PerSecond(), ms(Percentile(r.Latency[ScreeningAnswer], .99)),
		r.Practice.PerSecond(), ms(Percentile(r.Latency[PracticeTurn], .99)))
}

func errText(m map[int]int) string {
	if len(m) == 0 {
		return "0"
	}
	var parts []string
	for _, code := range slices.Sorted(maps.Keys(m)) {
		name := fmt.Sprint(code)
		if code == 0 {
			name = "net"
		}
		parts = append(parts, fmt.Sprintf("%d×%s", m[code], name))
	}
	return strings.Join(parts, ",")
}
