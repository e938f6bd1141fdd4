using Gongzhi.Resources;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Infrastructure.Http;

/// <summary>Maps <see cref="AppProblem"/> and unexpected exceptions to problem-details responses.</summary>
public sealed class AppProblemExceptionHandler(IProblemDetailsService problems, IStringLocalizer<SharedResource> l,
    ILogger<AppProblemExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        ProblemDetails details;
        if (exception is AppProblem problem)
        {
            context.Response.StatusCode = problem.Status;
            details = problem.Errors is { Count: > 0 }
                ? new ValidationProblemDetails(problem.Errors) { Status = problem.Status, Detail = problem.Detail }
                : new ProblemDetails { Status = problem.Status, Detail = problem.Detail };
        }
        else if (exception is BadHttpRequestException bad)
        {
            context.Response.StatusCode = bad.StatusCode;
            details = new ProblemDetails { Status = bad.StatusCode, Detail = l["The request could not be read: check its format."] };
        }
        else if (exception is Security.PersonalDataKeyException)
        {
            // A wrong or missing key file: say so rather than a bare 500, and never show what did not decrypt.
            log.LogError(exception, "Personal data did not decrypt on {Path}", context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            details = new ProblemDetails { Status = 500, Detail = l["Personal data could not be decrypted with this installation's keys (the key file does not match the database). The error has been logged."] };
        }
        else
        {
            log.LogError(exception, "Unhandled exception on {Path}", context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            details = new ProblemDetails { Status = 500, Detail = l["Something went wrong on the server. The error has been logged."] };
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    /// <summary>Titles in the caller's language for the statuses Gongzhi answers with.</summary>
    public static void Customize(ProblemDetailsContext ctx)
    {
        var l = ctx.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<SharedResource>>();
        var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
        ctx.ProblemDetails.Title = status switch
        {
            400 => l["The request is not valid."],
            401 => l["Sign-in is required."],
            403 => l["You do not have permission to do this."],
            404 => l["Not found."],
            409 => l["The request conflicts with the current state."],
            413 => l["The upload is too large."],
            415 => l["The upload is not of a supported type."],
            429 => l["Too many requests. Please wait and try again."],
            500 => l["Something went wrong on the server. The error has been logged."],
            _ => ctx.ProblemDetails.Title ?? l["Something went wrong on the server. The error has been logged."],
        };
        ctx.ProblemDetails.Detail ??= ctx.ProblemDetails.Title;
        ctx.ProblemDetails.Extensions.Remove("exception");
        ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
    }
}
