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
        else if (FromPersonalDataDecryption(exception))
        {
            // Keys that do not match the database (a restore without the right keys): say so, never show garbage.
            log.LogCritical(exception, "Personal data on {Path} cannot be decrypted with the configured personal-data keys", context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            details = new ProblemDetails
            {
                Status = 500,
                Detail = l["Personal data cannot be decrypted with the keys this server has. An administrator must install the keys this database was encrypted with (import-keys)."],
            };
        }
        else
        {
            log.LogError(exception, "Unhandled exception on {Path}", context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            details = new ProblemDetails { Status = 500, Detail = l["Something went wrong on the server. The error has been logged."] };
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = details, Exception = exception });
    }

    /// <summary>
    /// Personal data the configured keys cannot read: an unknown key id, a key of another algorithm, a wrong key or a
    /// damaged value. <see cref="Security.PersonalDataProtector.Decrypt"/> throws <see cref="Security.PersonalDataKeyException"/>
    /// for each of them; it may arrive wrapped by whatever called it.
    /// </summary>
    private static bool FromPersonalDataDecryption(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is Security.PersonalDataKeyException) return true;
        return false;
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
