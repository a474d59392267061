using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;

namespace Cairn.Testing;

/// <summary>
/// <c>cairn serve</c> as a real child process (the cairn.dll beside the test assembly), so a test can
/// kill it with SIGKILL and start it again on the same database.
/// </summary>
public sealed class ServerProcess : IDisposable
{
    private readonly string _db;
    private Process? _process;

    public ServerProcess(string db, string apiKey, int? port = null)
    {
        _db = db;
        ApiKey = apiKey;
        Port = port ?? FreePort();
        Url = $"http://127.0.0.1:{Port}";
    }

    public string ApiKey { get; }

    public int Port { get; }

    public string Url { get; }

    public HttpClient NewClient()
    {
        var client = new HttpClient { BaseAddress = new Uri(Url), Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "cairn.dll"), "serve", "--db", _db, "--urls", Url])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["CAIRN_API_KEY"] = ApiKey;
        info.Environment["CAIRN_ADMIN_PASSWORD"] = "test-password";
        _process = Process.Start(info) ?? throw new InvalidOperationException("could not start cairn serve");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"cairn serve exited with {_process.ExitCode}");
            }

            try
            {
                if ((await probe.GetAsync(Url + "/healthz")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // not answering yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("cairn serve did not answer /healthz within 60 s");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush; exactly a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public void Dispose()
    {
        Kill();
        _process?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
