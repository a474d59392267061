namespace Cairn.Core.Text;

/// <summary>
/// The CX taxonomy a new workspace starts with: the themes customers raise about service
/// everywhere (wait, staff, resolution, price, quality, reliability, delivery, onboarding,
/// ease of use, communication, cancellation). Analysts edit it in the feedback explorer.
/// </summary>
public static class DefaultThemes
{
    public static IReadOnlyList<ThemeDefinition> All { get; } =
    [
        new("Wait time", ["wait", "waiting time", "wait time", "queue", "on hold", "hold time", "took forever", "for ages", "nobody picked up", "no one picked up", "picked up", "no answer", "long time", "hours on the phone", "minutes on the phone", "slow response", "response time", "still waiting"]),
        new("Staff attitude", ["rude", "friendly", "polite", "impolite", "courteous", "dismissive", "patient", "respectful", "disrespectful", "talked down", "interrupting", "attitude", "agent was", "rep was", "staff were", "staff was", "the team was", "helpful staff", "unhelpful", "arrogant", "condescending", "professional", "unprofessional"]),
        new("Resolution", ["fixed", "not fixed", "fix the", "resolved", "unresolved", "solve", "solved", "sorted out", "first call", "first contact", "closed the ticket", "still there", "still broken", "explain everything again", "explain again", "same problem", "issue persists", "workaround"]),
        new("Billing and price", ["bill", "billing", "billed", "charge", "charged", "overcharged", "fee", "fees", "price", "pricing", "expensive", "overpriced", "cheap", "cost", "costs", "refund", "invoice", "payment", "value for money", "good value", "rip off", "discount"]),
        new("Product quality", ["quality", "defective", "faulty", "broke", "broken", "cheaply made", "build quality", "damaged", "poor quality", "high quality", "works perfectly", "stopped working", "doesn't work", "does not work"]),
        new("Reliability and outages", ["outage", "outages", "went down", "goes down", "down again", "no service", "no signal", "signal", "coverage", "dropped call", "calls drop", "drop out", "disconnect", "disconnected", "unreliable", "reliable", "maintenance", "network", "connection", "downtime", "rock solid"]),
        new("Delivery", ["delivery", "deliver", "delivered", "courier", "shipping", "shipped", "arrived", "never arrived", "package", "parcel", "dispatch", "dispatched", "tracking number", "late delivery"]),
        new("Onboarding", ["activation", "activate", "activated", "setup", "set up", "setting up", "onboarding", "porting", "port my number", "getting started", "installation", "install", "instructions", "welcome", "new line", "sign up", "signing up"]),
        new("Ease of use (site and app)", ["app", "website", "web site", "site", "log in", "login", "logging in", "sign in", "checkout", "easy to use", "hard to use", "navigate", "navigation", "crash", "crashes", "interface", "online account", "password", "user friendly"]),
        new("Communication", ["informed", "inform", "callback", "call back", "called back", "email", "emails", "told me", "nobody told", "kept me", "update", "updates", "notify", "notification", "communication", "contradict", "promised", "letter", "text message"]),
        new("Cancellation", ["cancel", "cancelled", "canceled", "cancelling", "canceling", "cancellation", "terminate", "termination", "end my contract", "close my account", "leave", "leaving", "switch provider", "switching to", "exit fee", "notice period"]),
    ];
}
