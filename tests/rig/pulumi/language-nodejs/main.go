// Command pulumi-language-nodejs is a minimal Pulumi language host for Node.js
// programs, written for the test rig.
//
// The Go module proxy that this machine reaches does not serve Pulumi's own
// host (github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3), so
// tests/rig/pulumi/ensure.sh builds this one next to the CLI. It implements the
// LanguageRuntime calls that `pulumi preview`, `up`, `refresh`, `destroy`,
// `install` and `about` make for a Node.js project: Run starts
// @pulumi/pulumi's cmd/run entry (resolved from the program directory) under
// the `node` on PATH, with the arguments and PULUMI_CONFIG environment that
// @pulumi/pulumi 3.270's cmd/run reads.
//
// NOTE: GetRequiredPackages returns no packages, so the engine installs no
// provider plugins before a run. Dynamic providers (pulumi-nodejs) need none,
// but a program that uses a packaged provider needs its plugin installed
// beforehand. Code generation, templates, debugger attach and plugins written
// in Node.js (RunPlugin) are not implemented.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/common/util/rpcutil"
	"github.com/pulumi/pulumi/sdk/v3/go/common/version"
	pulumirpc "github.com/pulumi/pulumi/sdk/v3/proto/go"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/emptypb"
)

// healthCheckInterval is how often the host checks that the engine is alive.
const healthCheckInterval = 10 * time.Second

// bailExitCode is the exit code with which @pulumi/pulumi's cmd/run reports
// that it has already sent the error to the engine, so that the host should
// not add a message of its own.
const bailExitCode = 32

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: pulumi-language-nodejs [flags] ENGINE_ADDRESS")
		os.Exit(1)
	}
	// The engine passes its address as the last argument. Flags that it may
	// pass before it (--logtostderr, -v=N, --tracing ENDPOINT) are ignored.
	engineAddress := os.Args[len(os.Args)-1]

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// Stop serving once the engine fails a health check, so that a killed CLI
	// leaves no host behind for longer than one interval.
	if err := rpcutil.Healthcheck(ctx, engineAddress, healthCheckInterval, cancel); err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: health check of engine %s failed: %v\n", engineAddress, err)
		os.Exit(1)
	}

	host := &languageHost{engineAddress: engineAddress}
	stop := make(chan bool)
	go func() {
		<-ctx.Done()
		close(stop)
	}()
	handle, err := rpcutil.ServeWithOptions(rpcutil.ServeOptions{
		Cancel: stop,
		Init: func(srv *grpc.Server) error {
			pulumirpc.RegisterLanguageRuntimeServer(srv, host)
			return nil
		},
		Options: rpcutil.OTelServerInterceptorOptions(),
	})
	if err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: starting the gRPC server failed: %v\n", err)
		os.Exit(1)
	}

	// The engine reads the port from the first line of stdout.
	fmt.Printf("%d\n", handle.Port)
	if err := <-handle.Done; err != nil {
		fmt.Fprintf(os.Stderr, "pulumi-language-nodejs: gRPC server stopped: %v\n", err)
		os.Exit(1)
	}
}

type languageHost struct {
	pulumirpc.UnimplementedLanguageRuntimeServer

	mu            sync.Mutex
	engineAddress string
}

func (h *languageHost) Handshake(
	_ context.Context, req *pulumirpc.LanguageHandshakeRequest,
) (*pulumirpc.LanguageHandshakeResponse, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if req.GetEngineAddress() != "" {
		h.engineAddress = req.GetEngineAddress()
	}
	return &pulumirpc.LanguageHandshakeResponse{}, nil
}

func (h *languageHost) GetPluginInfo(context.Context, *emptypb.Empty) (*pulumirpc.PluginInfo, error) {
	// The build script sets version.Version through -ldflags, as for the CLI.
	return &pulumirpc.PluginInfo{Version: strings.TrimPrefix(version.Version, "v")}, nil
}

func (h *languageHost) GetRequiredPlugins(
	context.Context, *pulumirpc.GetRequiredPluginsRequest,
) (*pulumirpc.GetRequiredPluginsResponse, error) {
	return &pulumirpc.GetRequiredPluginsResponse{}, nil
}

func (h *languageHost) GetRequiredPackages(
	context.Context, *pulumirpc.GetRequiredPackagesRequest,
) (*pulumirpc.GetRequiredPackagesResponse, error) {
	return &pulumirpc.GetRequiredPackagesResponse{}, nil
}

func (h *languageHost) Cancel(context.Context, *emptypb.Empty) (*emptypb.Empty, error) {
	return &emptypb.Empty{}, nil
}

// Run starts the program through @pulumi/pulumi's cmd/run and waits for it.
// A program failure is returned in the response, not as a gRPC error.
func (h *languageHost) Run(ctx context.Context, req *pulumirpc.RunRequest) (*pulumirpc.RunResponse, error) {
	if req.GetAttachDebugger() {
		return nil, status.Error(codes.Unimplemented, "attaching a debugger is not supported by the rig's language host")
	}
	programDir := req.GetInfo().GetProgramDirectory()
	if programDir == "" {
		programDir = req.GetPwd()
	}
	entryPoint := req.GetInfo().GetEntryPoint()
	if entryPoint == "" {
		entryPoint = "."
	}
	options := req.GetInfo().GetOptions().AsMap()

	runScript, err := resolveModule(ctx, programDir, "@pulumi/pulumi/cmd/run")
	if err != nil {
		return &pulumirpc.RunResponse{Error: err.Error()}, nil
	}

	args := nodeArgs(options)
	args = append(args, runScript)
	args = append(args, h.runFlags(req)...)
	args = append(args, entryPoint)
	args = append(args, req.GetArgs()...)

	env, err := runEnvironment(req, options)
	if err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "encoding the program's config failed: %v", err)
	}

	cmd := exec.CommandContext(ctx, "node", args...)
	cmd.Dir = programDir
	cmd.Env = env
	cmd.Stdout = os.Stdout
	cmd.Stderr = os.Stderr
	err = cmd.Run()

	var exitErr *exec.ExitError
	switch {
	case err == nil:
		return &pulumirpc.RunResponse{}, nil
	case errors.As(err, &exitErr) && exitErr.ExitCode() == bailExitCode:
		return &pulumirpc.RunResponse{Bail: true}, nil
	case errors.As(err, &exitErr):
		return &pulumirpc.RunResponse{
			Error: fmt.Sprintf("Node.js program exited with code %d", exitErr.ExitCode()),
		}, nil
	default:
		return &pulumirpc.RunResponse{Error: fmt.Sprintf("starting node failed: %v", err)}, nil
	}
}

// runFlags returns the flags that @pulumi/pulumi's cmd/run parses.
func (h *languageHost) runFlags(req *pulumirpc.RunRequest) []string {
	h.mu.Lock()
	engineAddress := h.engineAddress
	h.mu.Unlock()

	flags := []string{
		"--monitor=" + req.GetMonitorAddress(),
		"--engine=" + engineAddress,
		"--project=" + req.GetProject(),
		"--stack=" + req.GetStack(),
		"--pwd=" + req.GetPwd(),
	}
	if org := req.GetOrganization(); org != "" {
		flags = append(flags, "--organization="+org)
	}
	if root := req.GetInfo().GetRootDirectory(); root != "" {
		flags = append(flags, "--root-directory="+root)
	}
	if req.GetParallel() > 0 {
		flags = append(flags, fmt.Sprintf("--parallel=%d", req.GetParallel()))
	}
	if req.GetDryRun() {
		flags = append(flags, "--dry-run")
	}
	return flags
}

// runEnvironment returns this process's environment plus the variables through
// which @pulumi/pulumi reads the stack's config and the project's runtime options.
func runEnvironment(req *pulumirpc.RunRequest, options map[string]any) ([]string, error) {
	// A stack without config has a nil map, which marshals to null; @pulumi/pulumi's config
	// parser needs an object.
	stackConfig := req.GetConfig()
	if stackConfig == nil {
		stackConfig = map[string]string{}
	}
	config, err := json.Marshal(stackConfig)
	if err != nil {
		return nil, err
	}
	secretKeys := req.GetConfigSecretKeys()
	if secretKeys == nil {
		secretKeys = []string{}
	}
	secretKeysJSON, err := json.Marshal(secretKeys)
	if err != nil {
		return nil, err
	}

	// Pulumi.yaml's `runtime.options.typescript` defaults to true.
	typescript := true
	if value, ok := options["typescript"].(bool); ok {
		typescript = value
	}

	env := append(os.Environ(),
		"PULUMI_CONFIG="+string(config),
		"PULUMI_CONFIG_SECRET_KEYS="+string(secretKeysJSON),
		fmt.Sprintf("PULUMI_NODEJS_TYPESCRIPT=%t", typescript),
	)
	if tsconfig, ok := options["tsconfig"].(string); ok && tsconfig != "" {
		env = append(env, "PULUMI_NODEJS_TSCONFIG_PATH="+tsconfig)
	}
	return env, nil
}

// nodeArgs splits Pulumi.yaml's `runtime.options.nodeargs` into arguments for node.
func nodeArgs(options map[string]any) []string {
	value, _ := options["nodeargs"].(string)
	return strings.Fields(value)
}

// resolveModule returns the file that `require.resolve(specifier)` finds when
// node runs in dir.
func resolveModule(ctx context.Context, dir, specifier string) (string, error) {
	script := fmt.Sprintf("process.stdout.write(require.resolve(%q))", specifier)
	cmd := exec.CommandContext(ctx, "node", "-e", script)
	cmd.Dir = dir
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf(
			"resolving %s from %s failed (is @pulumi/pulumi installed there, and is node on PATH?): %v: %s",
			specifier, dir, err, errorLine(stderr.String()))
	}
	return string(out), nil
}

// errorLine returns the last line of node's stderr that starts with "Error:",
// or else its last line, so that a failed require shows its message without
// the stack trace.
func errorLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasPrefix(lines[i], "Error:") {
			return lines[i]
		}
	}
	return lines[len(lines)-1]
}

func (h *languageHost) About(ctx context.Context, _ *pulumirpc.AboutRequest) (*pulumirpc.AboutResponse, error) {
	nodePath, err := exec.LookPath("node")
	if err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "node not found on PATH: %v", err)
	}
	out, err := exec.CommandContext(ctx, nodePath, "--version").Output()
	if err != nil {
		return nil, status.Errorf(codes.Internal, "running %s --version failed: %v", nodePath, err)
	}
	return &pulumirpc.AboutResponse{
		Executable: nodePath,
		Version:    strings.TrimSpace(string(out)),
	}, nil
}

// GetProgramDependencies lists the direct dependencies in package.json with
// the versions installed in node_modules.
//
// NOTE: transitive dependencies are not listed even when requested.
func (h *languageHost) GetProgramDependencies(
	_ context.Context, req *pulumirpc.GetProgramDependenciesRequest,
) (*pulumirpc.GetProgramDependenciesResponse, error) {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetPwd()
	}
	var manifest struct {
		Dependencies    map[string]string `json:"dependencies"`
		DevDependencies map[string]string `json:"devDependencies"`
	}
	if err := readJSON(filepath.Join(dir, "package.json"), &manifest); err != nil {
		return nil, status.Errorf(codes.FailedPrecondition, "reading package.json failed: %v", err)
	}

	names := make([]string, 0, len(manifest.Dependencies)+len(manifest.DevDependencies))
	for name := range manifest.Dependencies {
		names = append(names, name)
	}
	for name := range manifest.DevDependencies {
		names = append(names, name)
	}
	sort.Strings(names)

	resp := &pulumirpc.GetProgramDependenciesResponse{}
	for _, name := range names {
		var installed struct {
			Version string `json:"version"`
		}
		if err := readJSON(filepath.Join(dir, "node_modules", name, "package.json"), &installed); err != nil {
			installed.Version = "not installed"
		}
		resp.Dependencies = append(resp.Dependencies, &pulumirpc.DependencyInfo{Name: name, Version: installed.Version})
	}
	return resp, nil
}

func readJSON(path string, target any) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(data, target)
}

// InstallDependencies runs `npm install` in the program directory.
//
// NOTE: npm only. The `packagemanager` runtime option (yarn, pnpm, bun) is ignored.
func (h *languageHost) InstallDependencies(
	req *pulumirpc.InstallDependenciesRequest, server pulumirpc.LanguageRuntime_InstallDependenciesServer,
) error {
	dir := req.GetInfo().GetProgramDirectory()
	if dir == "" {
		dir = req.GetDirectory()
	}
	closer, stdout, stderr, err := rpcutil.MakeInstallDependenciesStreams(server, req.GetIsTerminal())
	if err != nil {
		return err
	}
	defer closer.Close()

	cmd := exec.CommandContext(server.Context(), "npm", "install")
	cmd.Dir = dir
	cmd.Stdout = stdout
	cmd.Stderr = stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install in %s failed: %w", dir, err)
	}
	return nil
}
