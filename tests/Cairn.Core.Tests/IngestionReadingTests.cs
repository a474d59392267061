using System.Text.Json;
using Cairn.Core.Customers;
using Cairn.Core.Events;
using Cairn.Core.Feedback;
using Cairn.Core.Ingestion;

namespace Cairn.Core.Tests;

public sealed class IngestionReadingTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    [Fact]
    public void TrackEvent_ValidItem_IsReadWithUtcTimestamp()
    {
        var errors = new List<ItemError>();
        var e = TrackEvent.Read(Json("""{"id":"e1","customerId":"c1","name":"checkout_completed","timestamp":"2026-11-01T10:00:00+02:00","channel":"Web","properties":{"total":42}}"""), 0, errors);

        Assert.Empty(errors);
        Assert.NotNull(e);
        Assert.Equal(new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc), e.Timestamp);
        Assert.Equal("web", e.Channel);
        Assert.Equal("""{"total":42}""", e.PropertiesJson);
    }

    [Fact]
    public void TrackEvent_EveryBadField_IsReportedAtOnce()
    {
        var errors = new List<ItemError>();
        var e = TrackEvent.Read(Json("""{"customerId":7,"name":{"x":1},"timestamp":"yesterday","properties":[1]}"""), 3, errors);

        Assert.Null(e);
        Assert.Equal(
            ["id: is required", "name: must be a string, not an object", "timestamp: must be an ISO 8601 timestamp such as 2026-11-23T10:15:00Z", "properties: must be an object, not an array"],
            errors.Select(x => $"{x.Field}: {x.Message}"));
        Assert.All(errors, x => Assert.Equal(3, x.Index));
    }

    [Fact]
    public void TrackEvent_NumericCustomerId_IsAcceptedAsText()
    {
        var errors = new List<ItemError>();
        var e = TrackEvent.Read(Json("""{"id":"e1","customerId":1234,"name":"n","timestamp":"2026-01-01T00:00:00Z"}"""), 0, errors);
        Assert.Equal("1234", e?.CustomerId);
    }

    [Theory]
    [InlineData("[]", "each event must be an object, not an array")]
    [InlineData("\"text\"", "each event must be an object, not a string")]
    public void TrackEvent_NotAnObject_IsRefused(string json, string message)
    {
        var errors = new List<ItemError>();
        Assert.Null(TrackEvent.Read(Json(json), 0, errors));
        Assert.Equal(message, Assert.Single(errors).Message);
    }

    [Fact]
    public void Feedback_RatingAboveItsScale_IsRefused()
    {
        var errors = new List<ItemError>();
        var item = FeedbackItem.Read(Json("""{"id":"r1","source":"review","rating":6,"ratingScale":5,"text":"ok"}"""), 0, Now, errors);
        Assert.Null(item);
        Assert.Equal("rating", Assert.Single(errors).Field);
    }

    [Fact]
    public void Feedback_UnknownSource_ListsTheKnownOnes()
    {
        var errors = new List<ItemError>();
        FeedbackItem.Read(Json("""{"id":"r1","source":"pigeon","text":"hi"}"""), 0, Now, errors);
        var error = Assert.Single(errors);
        Assert.Equal("source", error.Field);
        Assert.Contains("exit_interview", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Feedback_WithoutTimestamp_IsDatedNow_AndReviewsAreIndirect()
    {
        var errors = new List<ItemError>();
        var item = FeedbackItem.Read(Json("""{"id":"r1","source":"review","rating":4,"competitor":"RivalTel"}"""), 0, Now, errors);
        Assert.NotNull(item);
        Assert.Equal(Now, item.OccurredAt);
        Assert.Equal(FeedbackKind.Indirect, item.Kind);
        Assert.Equal(5, item.RatingScale);
    }

    [Fact]
    public void Customer_FlatShape_KeepsUnknownFieldsAsAttributes()
    {
        var errors = new List<ItemError>();
        var profile = CustomerProfile.Read(Json("""{"id":"c1","segment":"smb","favouriteColour":"teal","status":"churned","churnType":"involuntary"}"""), 0, errors);
        Assert.Empty(errors);
        Assert.NotNull(profile);
        Assert.Equal(("smb", CustomerStatus.Churned, ChurnType.Involuntary), (profile.Segment, profile.Status, profile.ChurnType));
        Assert.Contains("favouriteColour", profile.AttributesJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Customer_BadStatus_IsRefusedWithTheFieldPath()
    {
        var errors = new List<ItemError>();
        CustomerProfile.Read(Json("""{"id":"c1","traits":{"status":"asleep"}}"""), 0, errors);
        Assert.Equal("traits.status", Assert.Single(errors).Field);
    }

    [Fact]
    public void Segment_BatchOfMixedCalls_BecomesCustomersAndEvents()
    {
        var result = new SegmentMessages.Result();
        var errors = new List<ItemError>();
        var batch = Json("""
            [
              {"type":"identify","userId":"u1","traits":{"plan":"pro","email":"a@example.com"}},
              {"type":"track","messageId":"m1","anonymousId":"anon","event":"Order Completed","properties":{"total":9},"context":{"channel":"server"},"timestamp":"2026-11-01T00:00:00Z"},
              {"type":"page","messageId":"m2","userId":"u1"},
              {"type":"group","userId":"u1","groupId":"g"}
            ]
            """);
        var i = 0;
        foreach (var message in batch.EnumerateArray())
        {
            SegmentMessages.Read(message, i++, null, Now, result, errors);
        }

        Assert.Empty(errors);
        Assert.Equal("pro", Assert.Single(result.Customers).Plan);
        Assert.Equal([("m1", "anon", "Order Completed", "server"), ("m2", "u1", "page", "web")], result.Events.Select(e => (e.Id, e.CustomerId, e.Name, e.Channel!)));
        Assert.Equal(1, result.Skipped);
    }

    [Fact]
    public void Segment_TrackWithoutAnyId_IsRefused()
    {
        var result = new SegmentMessages.Result();
        var errors = new List<ItemError>();
        SegmentMessages.Read(Json("""{"type":"track","messageId":"m1","event":"x"}"""), 0, null, Now, result, errors);
        Assert.Equal("userId", Assert.Single(errors).Field);
        Assert.Empty(result.Events);
    }
}
