namespace Marketplace.Matching.Engine.Network;

// Need classes by (country, sector, instrument) cell, so a pledge's earmark finds its classes by lookup
// instead of scanning all needs: an unearmarked pledge touches at most countries × sectors cells.
internal sealed class NeedClassIndex
{
    private readonly Dictionary<(string Country, string Sector, string Instrument), List<int>> _cells = [];
    private readonly Dictionary<(string, string, string, DateOnly?, DateOnly?), int> _ids = [];
    private readonly string[] _countries;
    private readonly string[] _sectors;

    public NeedClassIndex(IReadOnlyList<NeedInput> needs)
    {
        for (var need = 0; need < needs.Count; need++)
        {
            var input = needs[need];
            foreach (var instrument in input.Instruments.Order(StringComparer.Ordinal))
            {
                var key = (input.Country, input.Sector, instrument, input.StartDate, input.EndDate);
                if (!_ids.TryGetValue(key, out var id))
                {
                    id = Classes.Count;
                    _ids.Add(key, id);
                    Classes.Add(new NeedClass(input.Country, input.Sector, instrument, input.StartDate, input.EndDate));
                    var cell = (input.Country, input.Sector, instrument);
                    if (!_cells.TryGetValue(cell, out var list))
                    {
                        _cells[cell] = list = [];
                    }

                    list.Add(id);
                }

                Classes[id].Needs.Add(need);
            }
        }

        _countries = needs.Select(n => n.Country).Distinct().Order(StringComparer.Ordinal).ToArray();
        _sectors = needs.Select(n => n.Sector).Distinct().Order(StringComparer.Ordinal).ToArray();
    }

    public List<NeedClass> Classes { get; } = [];

    // Ids of the classes whose needs are all eligible for the given pledge, in a fixed order.
    public IEnumerable<int> ClassesEligibleFor(PledgeInput pledge)
    {
        foreach (var cell in CellsEligibleFor(pledge))
        {
            foreach (var id in ClassesOf(cell))
            {
                yield return id;
            }
        }
    }

    // The window cells of the pledge's earmarks that hold at least one class it is eligible for, in a fixed order.
    public IEnumerable<WindowCell> CellsEligibleFor(PledgeInput pledge)
    {
        foreach (var country in _countries)
        {
            if (pledge.Countries.Count > 0 && !pledge.Countries.Contains(country))
            {
                continue;
            }

            foreach (var sector in _sectors)
            {
                if ((pledge.Sectors.Count > 0 && !pledge.Sectors.Contains(sector))
                    || !_cells.TryGetValue((country, sector, pledge.Instrument), out var ids))
                {
                    continue;
                }

                var cell = new WindowCell(country, sector, pledge.Instrument, pledge.AvailableFrom, pledge.AvailableUntil);
                if (ids.Exists(id => Overlaps(Classes[id], cell)))
                {
                    yield return cell;
                }
            }
        }
    }

    // Classes of the cell's (country, sector, instrument) whose window overlaps the cell's, in creation order.
    public IEnumerable<int> ClassesOf(WindowCell cell) =>
        _cells.TryGetValue((cell.Country, cell.Sector, cell.Instrument), out var ids)
            ? ids.Where(id => Overlaps(Classes[id], cell))
            : [];

    private static bool Overlaps(NeedClass candidate, WindowCell cell) =>
        Eligibility.WindowsOverlap(candidate.Start, candidate.End, cell.From, cell.Until);
}
