namespace ReadinessPipeline.Surveys.Networks;

/// <summary>
/// Passes at most a fixed number of characters through from the caller's reader, then reports end of file and
/// remembers whether the input had more. The caller's reader is not disposed: it belongs to the caller.
/// </summary>
internal sealed class BoundedReader(TextReader inner, int maxCharacters) : TextReader
{
    private int _remaining = maxCharacters;

    /// <summary>True once a character beyond the limit was seen.</summary>
    public bool Exceeded { get; private set; }

    public override int Read(Span<char> buffer)
    {
        if (buffer.IsEmpty || Exceeded)
        {
            return 0;
        }

        if (_remaining == 0)
        {
            // One more character means the input is over the limit; none means it ended exactly at it.
            Exceeded = inner.Read() >= 0;
            return 0;
        }

        var read = inner.Read(buffer[..Math.Min(buffer.Length, _remaining)]);
        _remaining -= read;
        return read;
    }

    public override int Read(char[] buffer, int index, int count) => Read(buffer.AsSpan(index, count));

    public override int Read()
    {
        Span<char> one = stackalloc char[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override int Peek() => _remaining == 0 || Exceeded ? -1 : inner.Peek();
}
