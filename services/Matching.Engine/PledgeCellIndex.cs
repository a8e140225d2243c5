namespace Marketplace.Matching.Engine;

// Pledges by earmark cell for the greedy baseline. A pledge is listed under each (country or any,
// sector or any, instrument) cell it covers; a need merges the at most four cells per instrument that can
// hold its pledges, in input order. Exhausted pledges are skipped through path-compressed next pointers,
// so at 50k × 50k the baseline stays near-linear instead of scanning 2.5e9 pairs.
internal sealed class PledgeCellIndex
{
    private const string Any = "\u0000any";
    private readonly Dictionary<(string Country, string Sector, string Instrument), Cell> _cells = [];
    private readonly List<(Cell Cell, int Position)>[] _placements;

    public PledgeCellIndex(IReadOnlyList<PledgeInput> pledges)
    {
        _placements = new List<(Cell, int)>[pledges.Count];
        for (var pledge = 0; pledge < pledges.Count; pledge++)
        {
            _placements[pledge] = [];
            var input = pledges[pledge];
            var countries = input.Countries.Count == 0 ? [Any] : input.Countries.ToArray();
            var sectors = input.Sectors.Count == 0 ? [Any] : input.Sectors.ToArray();
            foreach (var country in countries)
            {
                foreach (var sector in sectors)
                {
                    var key = (country, sector, input.Instrument);
                    if (!_cells.TryGetValue(key, out var cell))
                    {
                        _cells[key] = cell = new Cell();
                    }

                    _placements[pledge].Add((cell, cell.Pledges.Count));
                    cell.Pledges.Add(pledge);
                }
            }

            MarkIfExhausted(pledge, input.RemainingUsdCents);
        }
    }

    public IEnumerable<int> CandidatesInInputOrder(NeedInput need)
    {
        var cells = new List<Cell>();
        foreach (var instrument in need.Instruments)
        {
            foreach (var key in new[] { (need.Country, need.Sector), (need.Country, Any), (Any, need.Sector), (Any, Any) })
            {
                if (_cells.TryGetValue((key.Item1, key.Item2, instrument), out var cell))
                {
                    cells.Add(cell);
                }
            }
        }

        var positions = new int[cells.Count];
        while (true)
        {
            var best = -1;
            var bestPledge = int.MaxValue;
            for (var c = 0; c < cells.Count; c++)
            {
                positions[c] = cells[c].NextAlive(positions[c]);
                if (positions[c] < cells[c].Pledges.Count && cells[c].Pledges[positions[c]] < bestPledge)
                {
                    best = c;
                    bestPledge = cells[c].Pledges[positions[c]];
                }
            }

            if (best < 0)
            {
                yield break;
            }

            positions[best]++;
            yield return bestPledge;
        }
    }

    public void MarkIfExhausted(int pledge, long remaining)
    {
        if (remaining > 0)
        {
            return;
        }

        foreach (var (cell, position) in _placements[pledge])
        {
            cell.Skip(position);
        }
    }

    private sealed class Cell
    {
        private readonly List<int> _next = [];

        public List<int> Pledges { get; } = [];

        public void Skip(int position)
        {
            while (_next.Count <= Pledges.Count)
            {
                _next.Add(_next.Count);
            }

            _next[position] = position + 1;
        }

        public int NextAlive(int position)
        {
            var root = position;
            while (root < _next.Count && _next[root] != root)
            {
                root = _next[root];
            }

            while (position < _next.Count && _next[position] != position && position != root)
            {
                var next = _next[position];
                _next[position] = root;
                position = next;
            }

            return root;
        }
    }
}
