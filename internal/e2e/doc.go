// Package e2e holds the browser quality gate: tests that build and run the
// real busrides binary and drive a real Chromium through the DevTools
// protocol (chromedp), checking accessibility with axe-core and the main
// flows as a person would, with the keyboard and without JavaScript.
//
// Outside CI a missing Chromium skips these tests with a message; in CI
// (CI=true) it fails them. Set BUSRIDES_CHROMIUM to use another browser
// binary.
package e2e
