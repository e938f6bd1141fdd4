using Gongzhi.Infrastructure.Database;
using Gongzhi.Infrastructure.Http;
using Gongzhi.Modules.Requests.Domain;
using Gongzhi.Modules.Requests.Features.Workflow;
using Gongzhi.Resources;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Gongzhi.Modules.Requests.Features.Intake;

public sealed record PhotoView(long Id, PhotoKind Kind, int Width, int Height, DateTimeOffset CreatedAt, string Url);

/// <summary>A request's photos for staff: exactly those who reach the request (<see cref="RequestAccess"/>) see them.</summary>
public sealed class StaffPhotos(GongzhiDb db, RequestAccess access, IStringLocalizer<SharedResource> l)
{
    public async Task<IReadOnlyList<PhotoView>> ListAsync(long requestId, CancellationToken ct)
    {
        await RequireVisibleAsync(requestId, ct);
        return await db.RequestPhotos.AsNoTracking().Where(p => p.RequestId == requestId).OrderBy(p => p.Id)
            .Select(p => new PhotoView(p.Id, p.Kind, p.Width, p.Height, p.CreatedAt, $"/api/requests/{requestId}/photos/{p.Id}")).ToListAsync(ct);
    }

    public async Task<byte[]> GetAsync(long requestId, long photoId, CancellationToken ct)
    {
        await RequireVisibleAsync(requestId, ct);
        return await db.RequestPhotos.AsNoTracking().Where(p => p.Id == photoId && p.RequestId == requestId).Select(p => p.Jpeg).FirstOrDefaultAsync(ct)
            ?? throw AppProblem.NotFound(l["No photo {0} on this request.", photoId]);
    }

    private async Task RequireVisibleAsync(long requestId, CancellationToken ct)
    {
        if (!await (await access.VisibleAsync(ct)).AnyAsync(r => r.Id == requestId, ct))
            throw AppProblem.NotFound(l["No request {0} is within your reach.", requestId]);
    }
}
