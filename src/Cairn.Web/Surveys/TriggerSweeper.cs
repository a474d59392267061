using Cairn.Storage;
using Cairn.Web.Http;
using Microsoft.Extensions.Logging;

namespace Cairn.Web.Surveys;

/// <summary>
/// Runs the survey triggers of every workspace on a timer: for each trigger, the customers who did
/// its event since its last run and at least its delay ago are invited (emailed when the trigger
/// sends), after the contact rules and consent; then the trigger moves on to that time. A round that
/// fails before moving on is repeated, and the contact rules keep a repeat from asking anyone twice
/// within the survey's recontact period.
/// </summary>
public sealed partial class TriggerSweeper(CairnStore store, CairnWebOptions options, TimeProvider time, ILogger<TriggerSweeper> logger)
    : WorkspaceJob(store, time, options.TriggerInterval)
{
    protected override async Task<int> RunAsync(long workspaceId, DateTime now)
    {
        var invited = 0;
        var origin = options.PublicUrl ?? options.Urls.Split(';')[0].TrimEnd('/');
        foreach (var due in await Store.DueTriggersAsync(workspaceId))
        {
            // Up to a little before now: an event received just before is still being committed by
            // ingestion and not yet visible; it is due in the next sweep instead.
            var until = now - options.TriggerCommitLag;
            if (until <= due.DueUntil)
            {
                continue;
            }

            var customers = await Store.TriggeredCustomersAsync(workspaceId, due, due.DueUntil, until);
            if (customers.Count > 0 && await Store.SurveyAsync(workspaceId, due.SurveyId) is { } survey)
            {
                var split = await Store.SplitByEligibilityAsync(workspaceId, due.SurveyId, [.. customers], "email", force: false);
                foreach (var batch in split.Eligible.Chunk(CairnStore.MaxInvitationsPerRequest))
                {
                    var expires = now.AddDays(30);
                    invited += due.Trigger.Send
                        ? (await Store.InviteByEmailAsync(workspaceId, due.SurveyId, batch, expires, i => InvitationMails.Render(survey, origin, i), options.Smtp is not null)).Invitations.Count
                        : (await Store.InviteAsync(workspaceId, due.SurveyId, batch, "email", expires)).Invitations.Count;
                }
            }

            await Store.AdvanceTriggerAsync(workspaceId, due.SurveyId, due.Trigger.Event, until);
        }

        return invited;
    }

    protected override void Produced(int count, long workspaceId) => LogInvited(count, workspaceId);

    protected override void Failed(Exception exception) => LogFailed(exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "survey triggers invited {Invited} customer(s) in workspace {Workspace}")]
    private partial void LogInvited(int invited, long workspace);

    [LoggerMessage(Level = LogLevel.Warning, Message = "survey trigger sweep failed; it runs again at the next tick")]
    private partial void LogFailed(Exception exception);
}
