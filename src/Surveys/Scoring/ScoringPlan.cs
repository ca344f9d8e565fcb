using ReadinessPipeline.Models;

namespace ReadinessPipeline.Surveys.Scoring;

/// <summary>
/// An instrument compiled for scoring. Answers are one byte per item in instrument order, 0 meaning
/// "not answered" and <see cref="Item.DontKnowCode"/> "don't know"; values are assumed validated (see <see cref="SubmissionValidator"/>).
/// </summary>
/// <remarks>
/// Rules (DESIGN.md, "Scoring and profiles"): reverse-coded items are flipped first (min + max - value);
/// a respondent has a score on a dimension when they answered at least half of its items, rounded up,
/// and the score is the mean of the answered items; an item answer is favorable when it is in the top two
/// options of its scale after reverse-coding (4 or 5 on a 1-5 scale). A "don't know" answer counts as not
/// answered in every score (never as the neutral middle); it is counted only in item results, as a share.
/// </remarks>
public sealed class ScoringPlan
{
    private const int Stride = 16;

    private readonly int[] _dimensionStart;
    private readonly int[] _itemOrder;
    private readonly int[] _required;
    private readonly byte[] _recoded;
    private readonly bool[] _favorable;
    private readonly Dictionary<string, int> _itemIndex;

    public ScoringPlan(Instrument instrument)
    {
        Instrument = instrument;
        DimensionIds = [.. instrument.Dimensions.Select(d => d.Id)];
        _itemIndex = instrument.Items.Select((item, index) => (item.Id, index)).ToDictionary(p => p.Id, p => p.index, StringComparer.Ordinal);

        _dimensionStart = new int[DimensionIds.Count + 1];
        _required = new int[DimensionIds.Count];
        var order = new List<int>(instrument.Items.Count);
        for (var d = 0; d < DimensionIds.Count; d++)
        {
            _dimensionStart[d] = order.Count;
            order.AddRange(instrument.Items.Select((item, index) => (item, index)).Where(p => p.item.Dimension == DimensionIds[d]).Select(p => p.index));
            _required[d] = (order.Count - _dimensionStart[d] + 1) / 2;
        }

        _dimensionStart[^1] = order.Count;
        _itemOrder = [.. order];

        // One lookup row per item: recoded value and favorable flag for every raw answer 0..15.
        _recoded = new byte[instrument.Items.Count * Stride];
        _favorable = new bool[instrument.Items.Count * Stride];
        for (var i = 0; i < instrument.Items.Count; i++)
        {
            var item = instrument.Items[i];
            for (var value = item.Min; value <= item.Max; value++)
            {
                var recoded = item.Reverse ? item.Min + item.Max - value : value;
                _recoded[(i * Stride) + value] = (byte)recoded;
                _favorable[(i * Stride) + value] = recoded >= item.Max - 1;
            }
        }
    }

    public Instrument Instrument { get; }

    /// <summary>Dimension ids in the order scores are produced.</summary>
    public IReadOnlyList<string> DimensionIds { get; }

    public int ItemCount => Instrument.Items.Count;

    /// <summary>How many answered items a respondent needs for a score on dimension <paramref name="dimension"/>.</summary>
    public int RequiredAnswers(int dimension) => _required[dimension];

    /// <summary>The position of each item in the answer bytes, by item id.</summary>
    public int IndexOf(string itemId) => _itemIndex.TryGetValue(itemId, out var index) ? index : -1;

    /// <summary>Indexes (into the answer bytes) of the items scoring dimension <paramref name="dimension"/>.</summary>
    public ReadOnlySpan<int> ItemsOf(int dimension) => _itemOrder.AsSpan(_dimensionStart[dimension], _dimensionStart[dimension + 1] - _dimensionStart[dimension]);

    /// <summary>An item's answer after reverse-coding; 0 when not answered or "don't know".</summary>
    public int Recode(int item, byte answer) => _recoded[(item * Stride) + answer];

    /// <summary>Answers keyed by item id, laid out as answer bytes.</summary>
    public byte[] ToAnswerBytes(IReadOnlyDictionary<string, int> answers)
    {
        var bytes = new byte[ItemCount];
        foreach (var (itemId, value) in answers)
        {
            var index = IndexOf(itemId);
            if (index < 0)
            {
                throw new ArgumentException($"Item '{itemId}' is not in {Instrument.Key}.", nameof(answers));
            }

            bytes[index] = checked((byte)value);
        }

        return bytes;
    }

    /// <summary>A submission's answers, "don't know" included, laid out as answer bytes.</summary>
    public byte[] ToAnswerBytes(Submission submission)
    {
        var bytes = ToAnswerBytes(submission.Answers);
        foreach (var itemId in submission.DontKnow)
        {
            var index = IndexOf(itemId);
            bytes[index >= 0 ? index : throw new ArgumentException($"Item '{itemId}' is not in {Instrument.Key}.", nameof(submission))] = Item.DontKnowCode;
        }

        return bytes;
    }

    /// <summary>Scores one respondent into <paramref name="scores"/>, one entry per dimension.</summary>
    public void Score(ReadOnlySpan<byte> answers, Span<DimensionScore> scores)
    {
        CheckLengths(answers.Length, scores.Length);
        for (var d = 0; d < DimensionIds.Count; d++)
        {
            int sum = 0, answered = 0, favorable = 0;
            for (var k = _dimensionStart[d]; k < _dimensionStart[d + 1]; k++)
            {
                var slot = (_itemOrder[k] * Stride) + answers[_itemOrder[k]];
                var value = _recoded[slot];
                sum += value;
                answered += value == 0 ? 0 : 1;
                favorable += _favorable[slot] ? 1 : 0;
            }

            scores[d] = new DimensionScore(answered >= _required[d] && answered > 0 ? (double)sum / answered : null, answered, favorable);
        }
    }

    /// <summary>The fast path: dimension means only, NaN where the respondent has no score.</summary>
    public void ScoreMeans(ReadOnlySpan<byte> answers, Span<double> means)
    {
        CheckLengths(answers.Length, means.Length);
        for (var d = 0; d < DimensionIds.Count; d++)
        {
            int sum = 0, answered = 0;
            for (var k = _dimensionStart[d]; k < _dimensionStart[d + 1]; k++)
            {
                int value = _recoded[(_itemOrder[k] * Stride) + answers[_itemOrder[k]]];
                sum += value;
                answered += value == 0 ? 0 : 1;
            }

            means[d] = answered >= _required[d] && answered > 0 ? (double)sum / answered : double.NaN;
        }
    }

    public DimensionScore[] Score(ReadOnlySpan<byte> answers)
    {
        var scores = new DimensionScore[DimensionIds.Count];
        Score(answers, scores);
        return scores;
    }

    public RespondentScores Score(Submission submission)
    {
        if (submission.InstrumentId != Instrument.Id || submission.InstrumentVersion != Instrument.Version)
        {
            throw new ArgumentException($"Submission {submission.SubmissionId} answers {submission.InstrumentId}@{submission.InstrumentVersion}, not {Instrument.Key}.", nameof(submission));
        }

        return new RespondentScores(
            submission.SubmissionId,
            submission.RoundId,
            submission.SchoolId,
            Instrument.Id,
            Instrument.Version,
            DimensionIds,
            Score(ToAnswerBytes(submission)));
    }

    private void CheckLengths(int answers, int scores)
    {
        if (answers != ItemCount)
        {
            throw new ArgumentException($"Expected {ItemCount} answers for {Instrument.Key}, got {answers}.");
        }

        if (scores < DimensionIds.Count)
        {
            throw new ArgumentException($"Room for {DimensionIds.Count} dimension scores is needed, got {scores}.");
        }
    }
}
