//! Synthetic but realistic dictionaries for the dictionary-size sweep: company names built from word
//! lists ("Pacific Ridge Systems", "First National Holdings"), product and hardware lines with model
//! numbers ("Vector X450", "Orion Core 7"), some with aliases. Deterministic: the same `n` gives
//! the same file. Many words are common English and business words, so the names share prefixes
//! with real text (the automaton does real work on news) and some names occur in it.

const PREFIXES: &[&str] = &[
    "American",
    "National",
    "General",
    "United",
    "First",
    "Pacific",
    "Atlantic",
    "Western",
    "Eastern",
    "Northern",
    "Southern",
    "Central",
    "Global",
    "International",
    "Continental",
    "Royal",
    "Imperial",
    "Federal",
    "Allied",
    "Consolidated",
    "Standard",
    "Great",
    "New",
    "Old",
    "Union",
    "Citizens",
    "Commonwealth",
    "Empire",
    "Liberty",
    "Heritage",
    "Summit",
    "Pinnacle",
    "Apex",
    "Vertex",
    "Zenith",
    "Horizon",
    "Frontier",
    "Pioneer",
    "Vanguard",
    "Sentinel",
    "Blue",
    "Red",
    "Green",
    "Silver",
    "Golden",
    "Black",
    "White",
    "Crystal",
    "Diamond",
    "Granite",
    "Cedar",
    "Oak",
    "Maple",
    "Pine",
    "Willow",
    "Aspen",
    "Birch",
    "Cypress",
    "Redwood",
    "Sequoia",
    "River",
    "Lake",
    "Harbor",
    "Bay",
    "Coast",
    "Valley",
    "Mountain",
    "Ridge",
    "Canyon",
    "Prairie",
    "Quantum",
    "Digital",
    "Micro",
    "Nano",
    "Cyber",
    "Data",
    "Info",
    "Net",
    "Tele",
    "Techno",
    "Alpha",
    "Beta",
    "Gamma",
    "Delta",
    "Sigma",
    "Omega",
    "Nova",
    "Stellar",
    "Solar",
    "Lunar",
    "Advanced",
    "Applied",
    "Integrated",
    "Precision",
    "Dynamic",
    "Strategic",
    "Premier",
    "Superior",
    "Prime",
    "Elite",
    "Boston",
    "Chicago",
    "Texas",
    "Ohio",
    "Carolina",
    "Midland",
    "Hudson",
    "Potomac",
    "Cascade",
    "Sierra",
    "Northwest",
    "Southwest",
    "Midwest",
    "Gulf",
    "Keystone",
    "Bluegrass",
    "Lone Star",
    "Sun",
    "Star",
    "Eagle",
];

const CORES: &[&str] = &[
    "Steel",
    "Oil",
    "Gas",
    "Energy",
    "Power",
    "Electric",
    "Motors",
    "Auto",
    "Chemical",
    "Pharma",
    "Bio",
    "Health",
    "Medical",
    "Foods",
    "Farms",
    "Mining",
    "Metals",
    "Gold",
    "Copper",
    "Coal",
    "Bank",
    "Savings",
    "Trust",
    "Financial",
    "Capital",
    "Credit",
    "Insurance",
    "Mutual",
    "Securities",
    "Investors",
    "Realty",
    "Properties",
    "Land",
    "Homes",
    "Building",
    "Construction",
    "Cement",
    "Paper",
    "Timber",
    "Textile",
    "Airlines",
    "Air",
    "Rail",
    "Shipping",
    "Freight",
    "Transport",
    "Logistics",
    "Marine",
    "Pipeline",
    "Express",
    "Software",
    "Systems",
    "Networks",
    "Computing",
    "Semiconductor",
    "Devices",
    "Circuits",
    "Robotics",
    "Analytics",
    "Cloud",
    "Media",
    "Broadcasting",
    "Publishing",
    "Communications",
    "Telecom",
    "Wireless",
    "Cable",
    "Satellite",
    "Radio",
    "Film",
    "Retail",
    "Stores",
    "Brands",
    "Apparel",
    "Footwear",
    "Beverage",
    "Brewing",
    "Tobacco",
    "Grocers",
    "Markets",
    "Ridge",
    "Peak",
    "Point",
    "Bridge",
    "Gate",
    "Field",
    "Stone",
    "Rock",
    "Wood",
    "Brook",
    "Lab",
    "Works",
    "Tech",
    "Tronics",
    "Soft",
    "Ware",
    "Logic",
    "Link",
    "Path",
    "Wave",
    "Instruments",
    "Controls",
    "Optics",
    "Photonics",
    "Sensors",
    "Materials",
    "Plastics",
    "Glass",
    "Rubber",
    "Tools",
    "Utilities",
    "Water",
    "Waste",
    "Environmental",
    "Services",
    "Solutions",
    "Resources",
    "Industries",
    "Enterprises",
    "Ventures",
    "Aerospace",
    "Defense",
    "Dynamics",
    "Engineering",
    "Machinery",
    "Equipment",
    "Manufacturing",
    "Fabrication",
    "Castings",
    "Forge",
    "Hotels",
    "Resorts",
    "Gaming",
    "Entertainment",
    "Leisure",
    "Travel",
    "Cruise",
    "Studios",
    "Records",
    "Games",
    "Genomics",
    "Therapeutics",
    "Diagnostics",
    "Biotech",
    "Vaccines",
    "Labs",
    "Clinical",
    "Care",
    "Dental",
    "Vision",
];

const SUFFIXES: &[&str] = &[
    "Inc",
    "Corp",
    "Corporation",
    "Co",
    "Company",
    "Ltd",
    "Limited",
    "Group",
    "Holdings",
    "Partners",
    "Associates",
    "International",
    "Industries",
    "Enterprises",
    "Technologies",
    "Systems",
    "Bancorp",
    "Bancshares",
    "Trust",
    "Fund",
    "Capital",
    "Financial",
    "Energy",
    "Resources",
    "Holding",
    "Plc",
    "AG",
    "SA",
    "NV",
    "LLC",
];

const LINES: &[&str] = &[
    "Vector", "Orion", "Titan", "Atlas", "Phoenix", "Falcon", "Raptor", "Nimbus", "Cirrus", "Stratus", "Aurora", "Helix", "Nexus",
    "Matrix", "Pulse", "Fusion", "Catalyst", "Spectrum", "Prism", "Quasar", "Pulsar", "Nebula", "Comet", "Meteor", "Rocket", "Jet",
    "Turbo", "Blaze", "Storm", "Thunder", "Cobra", "Viper", "Python", "Mamba", "Panther", "Jaguar", "Lynx", "Puma", "Cougar", "Tiger",
    "Edge", "Core", "Flex", "Max", "Ultra", "Pro", "Lite", "Plus", "Prime", "Elite",
];

const MODEL_WORDS: &[&str] =
    &["Server", "Station", "Book", "Pad", "Phone", "Drive", "Card", "Chip", "Engine", "Studio", "Cloud", "Suite", "Desk", "Hub"];

const KINDS_COMPANY: &[&str] = &["manufacturing", "finance", "energy", "retail", "media", "telecom", "semiconductor", "conglomerate"];
const KINDS_PRODUCT: &[&str] = &["software", "online-service", "database", "developer-tool"];
const KINDS_HARDWARE: &[&str] = &["gpu", "cpu", "server", "storage", "network", "laptop"];

/// SplitMix64: small, fast, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn pick<'a>(&mut self, words: &[&'a str]) -> &'a str {
        words[(self.next() % words.len() as u64) as usize]
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// One generated entry: (name, type/kind, aliases).
fn entry(rng: &mut Rng) -> (String, String, Vec<String>) {
    let roll = rng.below(100);
    if roll < 62 {
        // Company: prefix [core] suffix, or prefix core.
        let (p, c, s) = (rng.pick(PREFIXES), rng.pick(CORES), rng.pick(SUFFIXES));
        let name = match rng.below(10) {
            0..=5 => format!("{p} {c} {s}"),
            6..=7 => format!("{p} {c}"),
            8 => format!("{p}{} {s}", c.to_lowercase()),
            _ => format!("{c} {p} {s}"),
        };
        let mut aliases = Vec::new();
        if rng.below(3) == 0 {
            aliases.push(format!("{name}."));
        }
        if rng.below(5) == 0 {
            let initials: String = name.split_whitespace().filter_map(|w| w.chars().next()).collect();
            if initials.len() >= 3 {
                aliases.push(format!("{initials} {s}"));
            }
        }
        (name, format!("Company/{}", rng.pick(KINDS_COMPANY)), aliases)
    } else if roll < 85 {
        // Product: line [word] [version].
        let (l, w) = (rng.pick(LINES), rng.pick(MODEL_WORDS));
        let name = match rng.below(4) {
            0 => format!("{l} {w}"),
            1 => format!("{l} {w} {}", 1 + rng.below(20)),
            2 => format!("{} {l} {w}", rng.pick(PREFIXES)),
            _ => format!("{l} {w} {}.{}", 1 + rng.below(12), rng.below(10)),
        };
        (name, format!("Product/{}", rng.pick(KINDS_PRODUCT)), Vec::new())
    } else {
        // Hardware: line + letter + model number, with a spaced or hyphenated alias.
        let l = rng.pick(LINES);
        let letter = (b'A' + rng.below(26) as u8) as char;
        let num = 10 + rng.below(9990);
        let name = format!("{l} {letter}{num}");
        let aliases = if rng.below(2) == 0 { vec![format!("{l}-{letter}{num}")] } else { Vec::new() };
        (name, format!("Hardware/{}", rng.pick(KINDS_HARDWARE)), aliases)
    }
}

/// A dictionary file (the `dictionaries/README.md` format) of `n` entries with distinct names. The
/// sequence does not depend on `n`: the 10k dictionary is the 1k one and 9,000 entries more.
pub fn dictionary(n: usize) -> String {
    let mut rng = Rng(0x5EED_0000);
    let mut seen = std::collections::HashSet::with_capacity(n);
    let mut out = String::with_capacity(n * 64);
    out.push_str("# synthetic dictionary for the size sweep\n");
    let mut i = 0;
    let mut tries = 0u64;
    while i < n {
        tries += 1;
        assert!(tries < 50 * n as u64 + 1000, "the word lists cannot make {n} distinct names");
        let (name, ty, aliases) = entry(&mut rng);
        if !seen.insert(name.to_lowercase()) {
            continue;
        }
        out.push_str(&format!("syn_{i} | {name} | {ty} | {} | sector=synthetic\n", aliases.join("; ")));
        i += 1;
    }
    out
}
