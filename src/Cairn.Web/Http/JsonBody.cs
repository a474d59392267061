using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Cairn.Web.Http;

/// <summary>
/// Reads a JSON request body with our own limits and messages: 413 past <see cref="MaxBytes"/>,
/// 400 for invalid UTF-8 or malformed JSON with the line and byte where parsing stopped.
/// Endpoints parse items themselves so every bad item and field can be named.
/// </summary>
public static class JsonBody
{
    /// <summary>Largest body accepted by ingestion endpoints: 10 MB.</summary>
    public const int MaxBytes = 10 * 1024 * 1024;

    public sealed record Result(JsonDocument? Document, IResult? Problem);

    public static async Task<Result> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            return new Result(null, Problems.TooLarge($"the body is {request.ContentLength} bytes; the limit is {MaxBytes} bytes (10 MB)"));
        }

        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            return new Result(null, Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type", $"send application/json, not {type}"));
        }

        var buffer = new ArrayBufferWriter<byte>(request.ContentLength is > 0 and <= MaxBytes ? (int)request.ContentLength.Value : 16 * 1024);
        var rented = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(rented, cancellationToken)) > 0)
            {
                if (buffer.WrittenCount + read > MaxBytes)
                {
                    return new Result(null, Problems.TooLarge($"the body is larger than the limit of {MaxBytes} bytes (10 MB)"));
                }

                buffer.Write(rented.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        if (buffer.WrittenCount == 0)
        {
            return new Result(null, Problems.Create(StatusCodes.Status400BadRequest, "Empty body", "the request has no body; send a JSON object"));
        }

        // JsonDocument checks UTF-8 only when a string is read; check the whole body now so a bad
        // byte is a clear 400, not a confusing field error later.
        if (!System.Text.Unicode.Utf8.IsValid(buffer.WrittenSpan))
        {
            return new Result(null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", $"the body is not valid UTF-8 (first bad byte at offset {FirstInvalidByte(buffer.WrittenSpan)})"));
        }

        try
        {
            var document = JsonDocument.Parse(buffer.WrittenMemory, new JsonDocumentOptions { MaxDepth = 64 });

            // JSON may escape a lone UTF-16 surrogate ("\ud800"), which no text can hold; found now,
            // it is a clear 400 instead of a failure wherever the string is later read or stored.
            if (Cairn.Core.Ingestion.JsonText.LoneSurrogateAt(buffer.WrittenSpan) is { } at)
            {
                document.Dispose();
                return new Result(null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", Cairn.Core.Ingestion.JsonText.LoneSurrogate(at)));
            }

            return new Result(document, null);
        }
        catch (JsonException exception)
        {
            var where = exception.LineNumber is { } line
                ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, byte {exception.BytePositionInLine + 1}")
                : "";
            var reason = exception.Message.Contains("UTF-8", StringComparison.OrdinalIgnoreCase) || exception.InnerException is System.Text.DecoderFallbackException
                ? "the body is not valid UTF-8"
                : "the body is not valid JSON";
            return new Result(null, Problems.Create(StatusCodes.Status400BadRequest, "Malformed JSON", reason + where));
        }
    }

    private static int FirstInvalidByte(ReadOnlySpan<byte> bytes)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (System.Text.Rune.DecodeFromUtf8(bytes[offset..], out _, out var consumed) != OperationStatus.Done)
            {
                return offset;
            }

            offset += consumed;
        }

        return offset;
    }
}
