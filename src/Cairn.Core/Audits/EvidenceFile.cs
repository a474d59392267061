using System.Globalization;

namespace Cairn.Core.Audits;

/// <summary>
/// What an audit step's evidence may be: a screenshot or photo (PNG, JPEG, WebP, GIF) or a PDF,
/// up to <see cref="MaxBytes"/>. The type is read from the file's first bytes, never from the name
/// or the Content-Type the client sent, so an HTML or SVG page cannot pass as an image and run
/// script when it is served back.
/// </summary>
public static class EvidenceFile
{
    public const int MaxBytes = 5 * 1024 * 1024;

    public static IReadOnlyList<string> Allowed { get; } = ["image/png", "image/jpeg", "image/webp", "image/gif", "application/pdf"];

    /// <summary>The media type the bytes really are, or null when they are none of the allowed kinds.</summary>
    public static string? Detect(ReadOnlySpan<byte> head) => head switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', ..] => "application/pdf",
        _ => null,
    };

    /// <summary>Why these bytes cannot be evidence, or null when they can.</summary>
    public static string? Problem(ReadOnlySpan<byte> bytes) =>
        bytes.Length == 0 ? "the file is empty"
        : bytes.Length > MaxBytes ? string.Create(CultureInfo.InvariantCulture, $"the file is {bytes.Length / 1024.0 / 1024.0:0.0} MB; evidence is at most {MaxBytes / 1024 / 1024} MB")
        : Detect(bytes) is null ? "evidence is a PNG, JPEG, WebP or GIF image or a PDF; this file is none of them"
        : null;
}
