using Cairn.Core.Audits;
using Cairn.Core.Journeys;
using Cairn.Core.Workspaces;
using Cairn.Storage.Audits;
using Cairn.Testing;

namespace Cairn.Storage.Tests;

public sealed class AuditStoreTests(Engines engines)
{
    private static readonly JourneyDefinition Journey = new("Buy", null, null, null, JourneyState.Current,
    [
        new StageDefinition("Purchase", null, null, [new TouchpointDefinition("Checkout", "web", false, null, ["checkout"]), new TouchpointDefinition("SIM activation", "app", true, null, ["sim"])]),
    ]);

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task Walks_KeepTheirStepsInOrder_AndEvidenceBytesExactly(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("audits", Industry.Telecommunications)).Id;
        var journeyId = store.CreateJourney(ws, Journey);
        var touchpoints = (await store.ListTouchpointsAsync(ws)).Where(t => t.JourneyId == journeyId).ToList();
        var day = new DateTime(2026, 10, 10, 0, 0, 0, DateTimeKind.Utc);
        var own = await store.CreateAuditAsync(ws, new AuditDraft("Our walk", AuditVocabulary.Own, null, journeyId, "ana", day, "notes"), "tester");
        var rival = await store.CreateAuditAsync(ws, new AuditDraft("Rival walk", AuditVocabulary.Competitor, "Brightwave", journeyId, "ana", day.AddDays(2), null), "tester");
        var first = await store.AddAuditStepAsync(ws, own, new AuditStepDraft(touchpoints[0].Id, "Bought", 4, "worried", 12.5, "two photos"));
        var second = await store.AddAuditStepAsync(ws, own, new AuditStepDraft(touchpoints[1].Id, "Activated", 6, "angry", 90, "QR failed"));
        await store.AddAuditStepAsync(ws, rival, new AuditStepDraft(touchpoints[1].Id, "Activated", 2, "pleased", 8, null));

        var steps = await store.AuditStepsAsync(ws, own);
        Assert.Equal([(1, "Checkout", "Purchase"), (2, "SIM activation", "Purchase")], steps.Select(s => (s.Position, s.Touchpoint!, s.Stage!)));
        Assert.Equal((6, "angry", 90.0), (steps[1].Effort!.Value, steps[1].Emotion!, steps[1].Minutes!.Value));
        var audits = await store.AuditsAsync(ws, journeyId);
        Assert.Equal(["Rival walk", "Our walk"], audits.Select(a => a.Title)); // newest walk first
        Assert.Equal(("Brightwave", 1L, 2.0), (audits[0].Company, audits[0].Steps, audits[0].MeanEffort!.Value));
        Assert.Equal(("us", 2L, 5.0), (audits[1].Company, audits[1].Steps, audits[1].MeanEffort!.Value));
        Assert.Equal(3, (await store.JourneyAuditStepsAsync(ws, journeyId)).Count);
        Assert.Contains("Brightwave", await store.CompetitorNamesAsync(ws));

        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0xFF, 0x7F, 0x80, 0x00];
        Assert.True(await store.SaveAuditEvidenceAsync(ws, own, first, new AuditEvidence("image/png", "shot.png", png)));
        var read = await store.AuditEvidenceAsync(ws, own, first);
        Assert.Equal(png, read!.Data);
        Assert.Equal(("image/png", "shot.png"), (read.ContentType, read.Name));
        Assert.Equal(13L, (await store.AuditStepsAsync(ws, own))[0].EvidenceBytes);

        byte[] pdf = [.. "%PDF-1.7 replaced"u8];
        Assert.True(await store.SaveAuditEvidenceAsync(ws, own, first, new AuditEvidence("application/pdf", "receipt.pdf", pdf)));
        Assert.Equal(pdf, (await store.AuditEvidenceAsync(ws, own, first))!.Data);

        Assert.False(await store.SaveAuditEvidenceAsync(ws, rival, first, new AuditEvidence("image/png", "x.png", png))); // a step of another walk
        Assert.Null(await store.AuditEvidenceAsync(ws, own, second));
        Assert.True(await store.DeleteAuditStepAsync(ws, own, first));
        Assert.Null(await store.AuditEvidenceAsync(ws, own, first));
        Assert.False(await store.DeleteAuditStepAsync(ws, own, first));
        Assert.Equal([second], (await store.AuditStepsAsync(ws, own)).Select(s => s.Id));
    }

    [Theory, MemberData(nameof(EngineData.Both), MemberType = typeof(EngineData))]
    public async Task AnotherWorkspace_SeesNoneOfIt(StorageEngine engine)
    {
        await using var store = engines.Open(engine);
        var ws = (await store.EnsureWorkspaceAsync("audits-a", Industry.Retail)).Id;
        var other = (await store.EnsureWorkspaceAsync("audits-b", Industry.Retail)).Id;
        var journeyId = store.CreateJourney(ws, Journey);
        var touchpoint = (await store.ListTouchpointsAsync(ws)).First(t => t.JourneyId == journeyId);
        var audit = await store.CreateAuditAsync(ws, new AuditDraft("Walk", AuditVocabulary.Own, null, journeyId, null, null, null), "t");
        var step = await store.AddAuditStepAsync(ws, audit, new AuditStepDraft(touchpoint.Id, null, 3, null, null, null));
        Assert.True(await store.SaveAuditEvidenceAsync(ws, audit, step, new AuditEvidence("image/gif", "a.gif", [.. "GIF89a"u8])));

        Assert.Null(await store.AuditAsync(other, audit));
        Assert.Empty(await store.AuditsAsync(other));
        Assert.Empty(await store.AuditStepsAsync(other, audit));
        Assert.Null(await store.AuditEvidenceAsync(other, audit, step));
        Assert.False(await store.SaveAuditEvidenceAsync(other, audit, step, new AuditEvidence("image/gif", "b.gif", [.. "GIF89a"u8])));
        Assert.False(await store.DeleteAuditStepAsync(other, audit, step));
        Assert.NotNull(await store.AuditEvidenceAsync(ws, audit, step));
    }
}
