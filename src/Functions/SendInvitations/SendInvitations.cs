using Microsoft.Azure.Functions.Worker;
using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Functions.SendInvitations;

/// <summary>Queue <c>send-invitations</c>: one school's invitations for a round that opened (personal links, and the design team's shared links).</summary>
public sealed class SendInvitations(RoundMailer mailer)
{
    [Function(nameof(SendInvitations))]
    public async Task Run([QueueTrigger(StorageNames.InvitationQueue)] string message, FunctionContext context)
    {
        var request = QueueMessages.Read<SendInvitationsMessage>(message);
        using var scope = context.BeginRoundScope(request);
        await mailer.SendInvitationsAsync(request, context.CancellationToken);
    }
}
