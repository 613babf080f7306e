package kt

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"slices"
)

// LogisticParams is a fitted logistic model (pfa, best-lr or zx-lr) in a
// portable form: items and skills by name, so that it can be saved, loaded
// and run on answers given after the fit (LoadLogistic).
type LogisticParams struct {
	Model  string    `json:"model"`
	Skills []string  `json:"skills"`
	Items  []string  `json:"items"`
	W      []float64 `json:"w"` // the feature weights, then the bias
	// ItemN and ItemW are the training answers and successes per item,
	// Global the training success rate: the items' difficulty.
	ItemN  []float64 `json:"item_n"`
	ItemW  []float64 `json:"item_w"`
	Global float64   `json:"global"`
	// SkillRate is each skill's smoothed training success rate: the
	// difficulty of its typical item (PredictSkill).
	SkillRate []float64 `json:"skill_rate"`
}

var setNames = map[featureSet]string{pfaFeatures: "pfa", bestLRFeatures: "best-lr", zxFeatures: "zx-lr"}

// Export returns the fitted model; d is the dataset it was fitted on.
func (m *Logistic) Export(d *Dataset) *LogisticParams {
	p := &LogisticParams{Model: setNames[m.set], Skills: slices.Clone(d.Vocab.Skills[:m.nSkills]),
		Items: slices.Clone(d.Vocab.Items[:m.nItems]), W: slices.Clone(m.W),
		ItemN: slices.Clone(m.itemN), ItemW: slices.Clone(m.itemW), Global: m.global}
	n := make([]float64, m.nSkills)
	w := make([]float64, m.nSkills)
	for _, s := range d.Seqs {
		for _, r := range s.Rows {
			for _, k := range r.Skills {
				if int(k) < m.nSkills {
					n[k]++
					if r.Correct {
						w[k]++
					}
				}
			}
		}
	}
	p.SkillRate = make([]float64, m.nSkills)
	for k := range n {
		p.SkillRate[k] = (w[k] + itemPriorWeight*m.global) / (n[k] + itemPriorWeight)
	}
	return p
}

// LogisticTracer runs a fitted logistic model on one student's history
// at a time (History). It is read-only after LoadLogistic, so one tracer
// serves every student concurrently.
type LogisticTracer struct {
	m         *Logistic
	name      string
	skills    []string
	items     []string
	skill     map[string]int32
	item      map[string]int32
	skillRate []float64
}

// LoadLogistic checks p and returns its tracer.
func LoadLogistic(p *LogisticParams) (*LogisticTracer, error) {
	set := featureSet(-1)
	for s, name := range setNames {
		if name == p.Model {
			set = s
		}
	}
	if set < 0 {
		return nil, fmt.Errorf("logistic model %q: want pfa, best-lr or zx-lr", p.Model)
	}
	m := newLogistic(Options{}, set)
	m.layoutFor(true, len(p.Items), len(p.Skills))
	switch {
	case len(p.W) != m.nFeat+1:
		return nil, fmt.Errorf("%s: %d weights for %d items and %d skills, want %d", p.Model, len(p.W), len(p.Items), len(p.Skills), m.nFeat+1)
	case len(p.ItemN) != len(p.Items) || len(p.ItemW) != len(p.Items) || len(p.SkillRate) != len(p.Skills):
		return nil, fmt.Errorf("%s: item counts or skill rates do not match the %d items and %d skills", p.Model, len(p.Items), len(p.Skills))
	case !(p.Global > 0 && p.Global < 1):
		return nil, fmt.Errorf("%s: global success rate %v, want in (0, 1)", p.Model, p.Global)
	}
	for i, v := range p.W {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: weight %d is %v", p.Model, i, v)
		}
	}
	m.W, m.itemN, m.itemW, m.global = p.W, p.ItemN, p.ItemW, p.Global
	t := &LogisticTracer{m: m, name: p.Model, skills: p.Skills, items: p.Items, skillRate: p.SkillRate,
		skill: make(map[string]int32, len(p.Skills)), item: make(map[string]int32, len(p.Items))}
	for i, s := range p.Skills {
		t.skill[s] = int32(i)
	}
	for i, s := range p.Items {
		t.item[s] = int32(i)
	}
	return t, nil
}

// Name is the model's name (pfa, best-lr, zx-lr).
func (t *LogisticTracer) Name() string { return t.name }

// History is one student's answers as a logistic model's features need
// them: counts, recent outcomes and residuals per skill, per item and
// overall. Skills and items the model was not fitted on are tracked too
// (their one-hot and count weights are zero).
type History struct {
	t      *LogisticTracer
	st     *lrState
	skills []string // names of skills past the model's, by index - len(t.skills)
	items  []string // the same for items
	local  map[string]int32
	row    Row
	buf    []feature
}

// NewHistory returns the history of a student with no answers.
func (t *LogisticTracer) NewHistory() *History {
	return &History{t: t, st: &lrState{m: t.m, fold: -1, item: map[int32]itemHist{}}, local: map[string]int32{}}
}

func (h *History) skillIndex(name string) int32 {
	return h.index(h.t.skill, len(h.t.skills), &h.skills, "s", name)
}

func (h *History) itemIndex(name string) int32 {
	return h.index(h.t.item, len(h.t.items), &h.items, "i", name)
}

// index is name's index in the model's known names, else among the names
// this history met first (numbered after the model's own; kind keeps
// skills and items apart in h.local).
func (h *History) index(known map[string]int32, nKnown int, met *[]string, kind, name string) int32 {
	if k, ok := known[name]; ok {
		return k
	}
	if k, ok := h.local[kind+name]; ok {
		return k
	}
	k := int32(nKnown + len(*met))
	*met = append(*met, name)
	h.local[kind+name] = k
	return k
}

func (h *History) setRow(item string, skills []string) *Row {
	h.row.Item = h.itemIndex(item)
	h.row.Skills = h.row.Skills[:0]
	for _, s := range skills {
		h.row.Skills = append(h.row.Skills, h.skillIndex(s))
	}
	return &h.row
}

func (h *History) predict(r *Row, skillRate float64) float64 {
	h.buf = h.st.features(r, h.buf[:0])
	w := h.t.m.W
	z := w[len(w)-1]
	diff := int32(h.t.m.oExtra + xItemDiff)
	for _, f := range h.buf {
		if skillRate > 0 && h.t.m.oExtra >= 0 && f.i == diff {
			f.v = math.Log(skillRate / (1 - skillRate))
		}
		z += w[f.i] * f.v
	}
	return sigmoid(z)
}

// Predict is P(right) on item (tagged with skills) given the history; it
// does not change the history.
func (h *History) Predict(item string, skills []string) float64 {
	return h.predict(h.setRow(item, skills), 0)
}

// PredictSkill is P(right) on the skill's typical item given the history:
// an item of the skill the student has not answered, as hard as the
// skill's items were in training (a skill the model was not fitted on:
// as hard as all items).
func (h *History) PredictSkill(skill string) float64 {
	k := h.skillIndex(skill)
	rate := h.t.m.global
	if int(k) < len(h.t.skillRate) {
		rate = h.t.skillRate[k]
	}
	r := &h.row
	r.Item, r.Skills = math.MaxInt32, append(r.Skills[:0], k) // no item one-hot, no item history
	return h.predict(r, rate)
}

// Update folds in an answer to item (tagged with skills).
func (h *History) Update(item string, skills []string, correct bool) {
	r := h.setRow(item, skills)
	r.Correct = correct
	h.st.update(r)
}

// Answers is the number of answers in the history.
func (h *History) Answers() int { return int(h.st.att) }

// historyMagic starts an encoded History.
const historyMagic = "ZLH\x01"

// MarshalBinary encodes the history compactly (skills and items by name).
func (h *History) MarshalBinary() ([]byte, error) {
	st := h.st
	b := make([]byte, 0, 32+24*len(st.skill)+12*len(st.item))
	b = append(b, historyMagic...)
	b = binary.AppendUvarint(b, uint64(st.att))
	b = binary.AppendUvarint(b, uint64(st.win))
	b = binary.AppendUvarint(b, uint64(st.last))
	b = binary.AppendUvarint(b, uint64(st.nLast))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(st.resid))
	b = binary.LittleEndian.AppendUint64(b, math.Float64bits(st.ema))
	var n int
	for _, sh := range st.skill {
		if sh.att > 0 {
			n++
		}
	}
	b = binary.AppendUvarint(b, uint64(n))
	str := func(s string) { b = binary.AppendUvarint(b, uint64(len(s))); b = append(b, s...) }
	for k, sh := range st.skill {
		if sh.att == 0 {
			continue
		}
		str(h.skillName(k))
		for _, v := range []uint64{uint64(sh.att), uint64(sh.win), uint64(sh.last), uint64(sh.nLast), uint64(sh.lastAt), uint64(sh.streak), uint64(sh.run)} {
			b = binary.AppendUvarint(b, v)
		}
		b = binary.LittleEndian.AppendUint64(b, math.Float64bits(sh.resid))
	}
	b = binary.AppendUvarint(b, uint64(len(st.item)))
	for i, ih := range st.item {
		str(h.itemName(i))
		b = binary.AppendUvarint(b, uint64(ih.att))
		b = binary.AppendUvarint(b, uint64(ih.win))
	}
	return b, nil
}

func (h *History) skillName(k int) string {
	if k < len(h.t.skills) {
		return h.t.skills[k]
	}
	return h.skills[k-len(h.t.skills)]
}

func (h *History) itemName(i int32) string {
	if int(i) < len(h.t.items) {
		return h.t.items[i]
	}
	return h.items[int(i)-len(h.t.items)]
}

// DecodeHistory reads a history written by MarshalBinary (by any model:
// skills and items are matched by name). The residuals were measured
// against the item difficulties of the model that wrote them.
func (t *LogisticTracer) DecodeHistory(data []byte) (*History, error) {
	if len(data) < len(historyMagic) || string(data[:len(historyMagic)]) != historyMagic {
		return nil, errors.New("answer history: not an encoded history")
	}
	h := t.NewHistory()
	st := h.st
	d := data[len(historyMagic):]
	bad := false
	uv := func() uint64 {
		v, n := binary.Uvarint(d)
		if n <= 0 {
			bad, d = true, nil
			return 0
		}
		d = d[n:]
		return v
	}
	f64 := func() float64 {
		if len(d) < 8 {
			bad, d = true, nil
			return 0
		}
		v := math.Float64frombits(binary.LittleEndian.Uint64(d))
		d = d[8:]
		return v
	}
	str := func() string {
		n := uv()
		if n > uint64(len(d)) {
			bad, d = true, nil
			return ""
		}
		s := string(d[:n])
		d = d[n:]
		return s
	}
	count := func() int {
		n := uv()
		if n > uint64(len(d)) {
			bad, d = true, nil
			return 0
		}
		return int(n)
	}
	st.att, st.win, st.last, st.nLast = float64(uv()), float64(uv()), uint32(uv()), int(uv())
	st.resid, st.ema = f64(), f64()
	for range count() {
		sh := st.skillOf(h.skillIndex(str()))
		sh.att, sh.win, sh.last, sh.nLast = float64(uv()), float64(uv()), uint8(uv()), uint8(uv())
		sh.lastAt, sh.streak, sh.run = int(uv()), float64(uv()), float64(uv())
		sh.resid = f64()
	}
	for range count() {
		i := h.itemIndex(str())
		st.item[i] = itemHist{att: float64(uv()), win: float64(uv())}
	}
	switch {
	case bad:
		return nil, errors.New("answer history: truncated")
	case len(d) > 0:
		return nil, fmt.Errorf("answer history: %d bytes after the end", len(d))
	}
	return h, nil
}
