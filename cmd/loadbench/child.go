package main

import (
	"context"
	"encoding/gob"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/busrides/busrides/internal/app"
)

// childEnv names the variable that starts this program as one of the
// servers it measures: "serve" (the real server) or "baseline".
const childEnv = "LOADBENCH_CHILD"

// profileEnv names the variable that makes the serve child write a CPU
// profile of its whole life to the file it names (-server-cpuprofile).
const profileEnv = "LOADBENCH_SERVER_CPUPROFILE"

// heapProfileEnv names the variable that makes the serve child write a
// heap profile to the file it names every two seconds while it runs
// (-server-memprofile): the last one shows the heap as the last workload
// left it.
const heapProfileEnv = "LOADBENCH_SERVER_MEMPROFILE"

// writeHeapProfiles writes the heap's profile into path every two seconds
// until ctx ends.
func writeHeapProfiles(ctx context.Context, path string) {
	t := time.NewTicker(2 * time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if err := writeHeapProfile(path); err != nil {
			fmt.Fprintln(os.Stderr, "serve: heap profile:", err)
			return
		}
		if err := writeMemoryClasses(path + ".txt"); err != nil {
			fmt.Fprintln(os.Stderr, "serve: memory classes:", err)
			return
		}
	}
}

// memoryClasses are the runtime's figures written beside the heap profile:
// what the Go runtime holds, to tell it from the memory SQLite allocates
// outside it.
var memoryClasses = []string{
	"/memory/classes/total:bytes",
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/gc/heap/live:bytes",
	"/gc/gomemlimit:bytes",
}

// writeMemoryClasses writes the runtime's memory figures into path, one
// "name bytes" line each, through a temporary file.
func writeMemoryClasses(path string) error {
	samples := make([]metrics.Sample, len(memoryClasses))
	for i, name := range memoryClasses {
		samples[i].Name = name
	}
	metrics.Read(samples)
	var b strings.Builder
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			fmt.Fprintf(&b, "%s %d\n", s.Name, s.Value.Uint64())
		}
	}
	if err := os.WriteFile(path+".tmp", []byte(b.String()), 0o644); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// writeHeapProfile writes the heap as of the last collection into path,
// through a temporary file so that a reader never sees half of one.
func writeHeapProfile(path string) error {
	f, err := os.Create(path + ".tmp")
	if err != nil {
		return err
	}
	if err := pprof.Lookup("heap").WriteTo(f, 0); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}

// startProfile starts a CPU profile into path and returns what stops it.
func startProfile(path string) (stop func(), err error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}

// childMain runs the child named by LOADBENCH_CHILD, if any, and reports
// whether it did; code is its exit status.
func childMain() (code int, ran bool) {
	mode := os.Getenv(childEnv)
	if mode == "" {
		return 0, false
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	switch mode {
	case "serve":
		if path := os.Getenv(profileEnv); path != "" {
			stopProfile, err := startProfile(path)
			if err != nil {
				fmt.Fprintln(os.Stderr, "serve:", err)
				return 1, true
			}
			defer stopProfile()
		}
		if path := os.Getenv(heapProfileEnv); path != "" {
			go writeHeapProfiles(ctx, path)
		}
		// Exactly what busrides serve runs (cmd/busrides).
		return app.MainIO(ctx, append([]string{"serve"}, os.Args[1:]...), os.Stdin, os.Stdout, os.Stderr, os.Getenv), true
	case "baseline":
		if err := baseline(ctx, os.Args[1:]); err != nil {
			fmt.Fprintln(os.Stderr, "baseline:", err)
			return 1, true
		}
		return 0, true
	}
	fmt.Fprintf(os.Stderr, "%s=%q: want serve or baseline\n", childEnv, mode)
	return 2, true
}

// page is one response the baseline serves: the body and the headers that
// describe it, as the real server sent them.
type page struct {
	Path            string // path and query
	ContentType     string
	ContentEncoding string
	Status          int
	Body            []byte
	// Header is every header the server sent but Date, which net/http
	// adds, and Content-Length (the baseline's --headers).
	Header http.Header
}

// baseline serves the pages in a file with a bare net/http server: a map
// lookup and a write, no middleware. Other paths answer 421.
func baseline(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("baseline", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on")
	file := fs.String("pages", "", "pages to serve (gob)")
	same := fs.Bool("headers", false, "send every header the server sent, not only the body's type, encoding and length")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pages, err := readPages(*file)
	if err != nil {
		return err
	}
	byPath := make(map[string]*page, len(pages))
	for i := range pages {
		byPath[pages[i].Path] = &pages[i]
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			p := byPath[r.URL.RequestURI()]
			if r.URL.Path == "/healthz" {
				w.WriteHeader(http.StatusOK)
				return
			}
			if p == nil {
				// Not one of the pages: a status no page has.
				http.Error(w, "not a recorded page", http.StatusMisdirectedRequest)
				return
			}
			h := w.Header()
			if *same {
				for k, v := range p.Header {
					h[k] = v
				}
			} else {
				h.Set("Content-Type", p.ContentType)
				if p.ContentEncoding != "" {
					h.Set("Content-Encoding", p.ContentEncoding)
				}
			}
			h.Set("Content-Length", strconv.Itoa(len(p.Body)))
			w.WriteHeader(p.Status)
			_, _ = w.Write(p.Body)
		}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          log.New(os.Stderr, "baseline: ", log.LstdFlags),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

func writePages(path string, pages []page) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := gob.NewEncoder(f).Encode(pages); err != nil {
		f.Close()
		return fmt.Errorf("write pages: %w", err)
	}
	return f.Close()
}

func readPages(path string) ([]page, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var pages []page
	if err := gob.NewDecoder(f).Decode(&pages); err != nil {
		return nil, fmt.Errorf("read pages: %w", err)
	}
	return pages, nil
}

// child is a server this program started.
type child struct {
	name string
	cmd  *exec.Cmd
	base string // http://127.0.0.1:port
	log  string // its standard output and error
	// Startup is the time from starting the process to the first 200 on
	// /healthz.
	Startup time.Duration
	done    chan struct{}
	waitErr error
}

// freePort returns a loopback port no one listens on now.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

// startChild starts this program as a child server (mode: serve or
// baseline) with args, plus --addr on a free loopback port, and waits until
// /healthz answers 200. The serve child writes a CPU profile to profile
// when it is not empty.
func startChild(ctx context.Context, dir, mode string, args []string, profile, heapProfile string) (*child, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	port, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	c := &child{name: mode, base: "http://" + addr, log: filepath.Join(dir, mode+".log"), done: make(chan struct{})}
	logf, err := os.OpenFile(c.log, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	defer logf.Close()
	all := append([]string{"--addr", addr}, args...)
	if mode == "serve" {
		all = append(all, "--base-url", c.base)
	}
	c.cmd = exec.Command(self, all...)
	c.cmd.Env = append(os.Environ(), childEnv+"="+mode)
	if mode == "serve" && profile != "" {
		c.cmd.Env = append(c.cmd.Env, profileEnv+"="+profile)
	}
	if mode == "serve" && heapProfile != "" {
		c.cmd.Env = append(c.cmd.Env, heapProfileEnv+"="+heapProfile)
	}
	c.cmd.Stdout, c.cmd.Stderr = logf, logf
	// The child ends with this program, however this program ends.
	c.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	start := time.Now()
	if err := c.cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", mode, err)
	}
	go func() {
		c.waitErr = c.cmd.Wait()
		close(c.done)
	}()
	hc := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(5 * time.Minute)
	for {
		res, err := hc.Get(c.base + "/healthz")
		if err == nil {
			_, _ = io.Copy(io.Discard, res.Body)
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				c.Startup = time.Since(start)
				return c, nil
			}
		}
		select {
		case <-c.done:
			return nil, fmt.Errorf("%s ended before answering (%v); its log: %s", mode, c.waitErr, c.log)
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		case <-time.After(5 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.stop()
			return nil, fmt.Errorf("%s did not answer /healthz in 5 minutes; its log: %s", mode, c.log)
		}
	}
}

func (c *child) pid() int { return c.cmd.Process.Pid }

// settle waits until the child, with the processes extra lists (the
// database's backends), has used no more than 20 ms of CPU in half a
// second (a server loads its search index in the background after it
// starts), at most limit, and returns the time it waited and the CPU
// the child used meanwhile and the extra processes used.
func (c *child) settle(limit time.Duration, extra func() []int) (waited, used, extraUsed time.Duration, err error) {
	start := time.Now()
	first, err := cpuTime(c.pid())
	if err != nil {
		return 0, 0, 0, err
	}
	var others cpuGroup
	others.update(extra())
	prev := first
	for time.Since(start) < limit {
		time.Sleep(500 * time.Millisecond)
		now, err := cpuTime(c.pid())
		if err != nil {
			return 0, 0, 0, err
		}
		d := others.update(extra())
		if now-prev+d <= 20*time.Millisecond {
			return time.Since(start), now - first, others.used, nil
		}
		prev = now
	}
	return time.Since(start), prev - first, others.used, nil
}

// stop ends the child (SIGTERM, then SIGKILL after 15 s).
func (c *child) stop() error {
	select {
	case <-c.done:
		return nil
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(15 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
	var exit *exec.ExitError
	if c.waitErr != nil && !errors.As(c.waitErr, &exit) {
		return c.waitErr
	}
	return nil
}
