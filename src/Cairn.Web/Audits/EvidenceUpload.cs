using Cairn.Core.Audits;
using Microsoft.AspNetCore.Http;

namespace Cairn.Web.Audits;

/// <summary>Reads an evidence upload with our own limit, so a large or wrong file gets a clear answer and nothing half-written is stored.</summary>
public static class EvidenceUpload
{
    /// <summary>The file's bytes, or the HTTP status and the reason it cannot be evidence.</summary>
    public static async Task<(byte[]? Bytes, int Status, string? Error)> ReadAsync(Stream body, long? declaredLength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (declaredLength > EvidenceFile.MaxBytes)
        {
            return (null, StatusCodes.Status413PayloadTooLarge, $"the file is {declaredLength:N0} bytes; evidence is at most {EvidenceFile.MaxBytes:N0} bytes (5 MB)");
        }

        using var copy = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (copy.Length + read > EvidenceFile.MaxBytes)
            {
                return (null, StatusCodes.Status413PayloadTooLarge, $"evidence is at most {EvidenceFile.MaxBytes:N0} bytes (5 MB)");
            }

            copy.Write(buffer, 0, read);
        }

        var bytes = copy.ToArray();
        return EvidenceFile.Problem(bytes) is { } problem
            ? (null, bytes.Length == 0 ? StatusCodes.Status400BadRequest : StatusCodes.Status415UnsupportedMediaType, problem)
            : (bytes, StatusCodes.Status200OK, null);
    }

    /// <summary>The file name kept with the evidence: the last path segment, printable characters only, at most 120.</summary>
    public static string Name(string? name)
    {
        var file = Path.GetFileName((name ?? "").Replace('\\', '/').Split('/')[^1]);
        var clean = new string(file.Where(c => !char.IsControl(c) && c is not ('"' or ';')).ToArray()).Trim();
        return clean.Length == 0 ? "evidence" : clean[..Math.Min(clean.Length, 120)];
    }
}
