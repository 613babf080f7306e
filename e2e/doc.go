// Package e2e holds end-to-end tests that drive the web app in a real
// headless Chromium, as a person would: typing into forms, clicking
// buttons, reading what the page shows. They need a Chromium binary
// (Debian's `chromium`; CI installs it) and skip with a message without
// one. Set ZHIXI_E2E_SHOTS to a folder to keep the screenshots they take.
package e2e
