using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Gongzhi.Tests.Notifications;

/// <summary>An HTTP listener on a free loopback port that records each request and answers with a scripted reply.</summary>
public sealed class LocalHttpListener : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    public string Url { get; }
    public ConcurrentQueue<(string Path, string Body, Dictionary<string, string> Headers)> Requests { get; } = new();
    public Func<int, (int Status, string Body)> Reply { get; set; } = _ => (200, """{"errcode":0,"errmsg":"ok"}""");

    public LocalHttpListener()
    {
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    private async Task LoopAsync()
    {
        var n = 0;
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); } catch { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            Requests.Enqueue((context.Request.Url!.PathAndQuery, body,
                context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!)));
            var (status, reply) = Reply(++n);
            context.Response.StatusCode = status;
            var bytes = System.Text.Encoding.UTF8.GetBytes(reply);
            context.Response.ContentType = "application/json";
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
    }
}

/// <summary>SmtpServer in-process on a free port, keeping the raw messages it receives.</summary>
public sealed class LocalSmtpServer : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    public int Port { get; } = LocalHttpListener.FreePort();
    public ConcurrentQueue<(string From, string[] To, string Raw)> Messages { get; } = new();

    public LocalSmtpServer()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost").Port(Port).Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        _ = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
    }

    private sealed class Store(LocalSmtpServer server) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            server.Messages.Enqueue((transaction.From.AsAddress(), [.. transaction.To.Select(t => t.AsAddress())], System.Text.Encoding.UTF8.GetString(buffer.ToArray())));
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>Answers once the server accepts connections.</summary>
    public async Task<LocalSmtpServer> ReadyAsync()
    {
        for (var i = 0; ; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return this;
            }
            catch (SocketException) when (i < 200) { await Task.Yield(); }
        }
    }

    public void Dispose() => _stop.Cancel();
}
