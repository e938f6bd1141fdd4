using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace Gongzhi.Modules.Open311.Features.GeoReport;

/// <summary>
/// Anonymous Open311 reads per client address and minute (signed-in staff are not limited). A refusal is a 429 in
/// the specification's error format, in the format the client asked for, instead of the app's problem details.
/// </summary>
public sealed class ReadsRateLimitPolicy(IConfiguration configuration) : IRateLimiterPolicy<string>
{
    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (ctx, ct) =>
    {
        var format = ctx.HttpContext.Request.RouteValues.TryGetValue("format", out var f) && f as string == "xml" ? "xml" : "json";
        var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
        ctx.HttpContext.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await new GeoReportResult(StatusCodes.Status429TooManyRequests, format,
            GeoReportFormat.Errors(format, 429, [$"too many requests from this address: try again in {retry} seconds"])).ExecuteAsync(ctx.HttpContext);
    };

    public RateLimitPartition<string> GetPartition(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true
            ? RateLimitPartition.GetNoLimiter("signed-in")
            : RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "local",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, configuration.GetValue("Open311:ReadsPerMinute", 120)), Window = TimeSpan.FromMinutes(1) });
}
