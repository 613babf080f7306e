package web_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"
)

// TestNoHandlerAuditsByHand: the web package writes no audit row itself
// but the denial in its error funnel (auditDenial); reads and changes are
// audited in their actions.
func TestNoHandlerAuditsByHand(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	audits := map[string]bool{"AppendAudit": true, "AppendEntry": true, "AppendRead": true, "NewAudit": true, "AuditEntry": true}
	fset := token.NewFileSet()
	checked := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil || fn.Name.Name == "auditDenial" {
				continue
			}
			checked++
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if sel, ok := n.(*ast.SelectorExpr); ok && audits[sel.Sel.Name] {
					t.Errorf("%s: %s writes an audit row by hand (%s); audit in the action", fset.Position(sel.Pos()), fn.Name.Name, sel.Sel.Name)
				}
				return true
			})
		}
	}
	if checked < 100 {
		t.Fatalf("only %d functions checked: not the web package?", checked)
	}
}
