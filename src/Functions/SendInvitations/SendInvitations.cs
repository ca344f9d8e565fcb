using ReadinessPipeline.Functions.Hosting;
using ReadinessPipeline.Surveys.Rounds;

namespace ReadinessPipeline.Functions.SendInvitations;

/// <summary>Queue <c>send-invitations</c>: one school's invitations for a round that opened (personal links, and the design team's shared links).</summary>
public sealed class SendInvitations(RoundMailer mailer) : IQueueFunction<SendInvitationsMessage>
{
    public const string Name = nameof(SendInvitations);

    public Task RunAsync(SendInvitationsMessage message, InvocationContext context, CancellationToken cancellationToken) =>
        mailer.SendInvitationsAsync(message, cancellationToken);
}
