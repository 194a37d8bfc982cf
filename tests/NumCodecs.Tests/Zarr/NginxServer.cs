using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace NumCodecs.Tests.Zarr;

/// <summary>
/// Debian's nginx serving a directory on 127.0.0.1 and a free port, with a generated config in a temporary folder;
/// stopped (and its folder removed) on dispose. .ci/run installs nginx.
/// </summary>
internal sealed class NginxServer : IDisposable
{
    private static readonly string[] s_binaries = ["/usr/sbin/nginx", "/usr/bin/nginx"];
    private readonly Process _process;
    private readonly string _folder;

    private NginxServer(Process process, string folder, Uri baseUri)
    {
        _process = process;
        _folder = folder;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>Serves <paramref name="root"/>; with <paramref name="ranges"/> false, nginx ignores Range headers (<c>max_ranges 0</c>).</summary>
    public static NginxServer Start(string root, bool ranges = true)
    {
        string nginx = s_binaries.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("nginx is not installed (bash .ci/run installs it: apt-get install nginx).");
        string folder = Directory.CreateTempSubdirectory("numcodecs-nginx-").FullName;
        for (int attempt = 0; ; attempt++)
        {
            int port = FreePort();
            File.WriteAllText(Path.Combine(folder, "nginx.conf"), $$"""
                daemon off;
                master_process off;
                worker_processes 1;
                error_log {{folder}}/error.log;
                pid {{folder}}/nginx.pid;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path {{folder}}/body;
                    proxy_temp_path {{folder}}/proxy;
                    fastcgi_temp_path {{folder}}/fastcgi;
                    uwsgi_temp_path {{folder}}/uwsgi;
                    scgi_temp_path {{folder}}/scgi;
                    types { application/octet-stream bin; application/json json; }
                    default_type application/octet-stream;
                    server {
                        listen 127.0.0.1:{{port}};
                        root {{root}};
                        {{(ranges ? string.Empty : "max_ranges 0;")}}
                        location / { }
                    }
                }
                """);
            var start = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (string argument in new[] { "-p", folder, "-c", Path.Combine(folder, "nginx.conf"), "-e", Path.Combine(folder, "error.log") })
            {
                start.ArgumentList.Add(argument);
            }

            Process process = Process.Start(start) ?? throw new InvalidOperationException("Could not start nginx.");
            if (WaitForPort(port, process))
            {
                return new NginxServer(process, folder, new Uri($"http://127.0.0.1:{port}/"));
            }

            process.Dispose();
            if (attempt == 2)
            {
                string log = File.Exists(Path.Combine(folder, "error.log")) ? File.ReadAllText(Path.Combine(folder, "error.log")) : "(no log)";
                throw new InvalidOperationException($"nginx did not start: {log}");
            }
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(5000);
            }
        }
        finally
        {
            _process.Dispose();
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static bool WaitForPort(int port, Process process)
    {
        for (int i = 0; i < 100; i++)
        {
            if (process.HasExited)
            {
                return false;
            }

            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        return false;
    }
}
