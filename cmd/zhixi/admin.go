package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"unicode/utf8"

	"github.com/zhixi-org/zhixi"
	"github.com/zhixi-org/zhixi/password"
	"github.com/zhixi-org/zhixi/store"
)

func init() {
	register(command{name: "admin", summary: "manage company admin accounts (admin create)", run: runAdmin})
}

func runAdmin(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		fmt.Fprintln(e.stderr, "usage: zhixi admin create --username NAME [--name 显示名] [--db DSN]\n(the password is read from the first line of standard input)")
		return errUsage
	}
	fs := newFlags(e, "admin create", "--username NAME [--name 显示名] [--db DSN] < password")
	username := fs.String("username", "", "login name of the new admin (required)")
	name := fs.String("name", "公司管理员", "display name")
	resolveDSN := dbFlags(e, fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if strings.TrimSpace(*username) == "" {
		fmt.Fprintln(e.stderr, "zhixi admin create: --username is required")
		return errUsage
	}
	fmt.Fprintln(e.stderr, "Password for the new admin (at least 10 characters), then Enter:")
	line, err := bufio.NewReader(e.stdin).ReadString('\n')
	if err != nil && line == "" {
		return errors.New("no password on standard input: pipe it in, e.g. 'read -s P; echo \"$P\" | zhixi admin create --username admin'")
	}
	pw := strings.TrimRight(line, "\r\n")
	if utf8.RuneCountInString(pw) < 10 {
		return errors.New("password too short: use at least 10 characters")
	}
	dsn, err := resolveDSN()
	if err != nil {
		return err
	}
	db, err := store.Open(ctx, dsn, slog.New(slog.NewTextHandler(e.stderr, nil)))
	if err != nil {
		return fmt.Errorf("open database: %w", err)
	}
	defer db.Close()
	hash, err := password.NewHasher(password.Default, 1).Hash(ctx, pw)
	if err != nil {
		return err
	}
	u := &zhixi.User{Username: strings.TrimSpace(*username), DisplayName: *name, Role: zhixi.RoleAdmin, PasswordHash: hash}
	if err := db.CreateUser(ctx, u); err != nil {
		if zhixi.ErrorCode(err) == zhixi.ECONFLICT {
			return fmt.Errorf("username %q is already taken; choose another", u.Username)
		}
		return fmt.Errorf("create admin: %w", err)
	}
	fmt.Fprintf(e.stdout, "created admin %q (id %d); log in at /login\n", u.Username, u.ID)
	return nil
}
