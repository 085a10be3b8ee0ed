/** Static vocabularies the generator draws from; invented names, realistic shapes. */

export const FIRST_NAMES = [
  "Ana",
  "Ben",
  "Carla",
  "Dana",
  "Eli",
  "Fatima",
  "Gus",
  "Hana",
  "Ivo",
  "Jade",
  "Kofi",
  "Lee",
  "Mara",
  "Nico",
  "Olu",
  "Priya",
  "Quinn",
  "Ruth",
  "Sam",
  "Tariq",
  "Uma",
  "Vera",
  "Wes",
  "Xin",
  "Yara",
  "Zoe",
  "Marco",
  "Sofia",
  "Aroha",
  "Liam",
  "Chloe",
  "Mateo",
  "Noor",
  "Owen",
  "Pita",
] as const;

export const LAST_NAMES = [
  "Okafor",
  "Park",
  "Silva",
  "Reyes",
  "Nair",
  "Petrov",
  "Whitfield",
  "Nguyen",
  "Kowalski",
  "Haddad",
  "O'Brien",
  "Tanaka",
  "Moreau",
  "Schmidt",
  "García",
  "Ngata",
  "Walker",
  "Kaur",
  "Rossi",
  "Dubois",
  "Mensah",
  "Ivanova",
  "Smith-Jones",
  "Al-Amin",
  "Larsen",
  "Costa",
  "Te Rangi",
  "Fischer",
] as const;

export const STREETS = [
  "Linden Ct",
  "Ninth St",
  "Elm St",
  "Harbor View Rd",
  "Maple Ave",
  "Old Mill Ln",
  "Cedar Pl",
  "Riverside Dr",
  "Queen St",
  "Station Rd",
  "Bay Rd",
  "Hillcrest Way",
  "Magnolia Blvd",
] as const;

export interface Locale {
  readonly country: "US" | "AU" | "NZ" | "GB";
  readonly timeZones: readonly string[];
  readonly places: ReadonlyArray<{ city: string; region: string; postal: () => string }>;
  readonly phone: (n: number) => string;
}

const pad = (n: number, width: number): string => String(n).padStart(width, "0");

/** Time zones are a mix of Windows ids (what MaidCentral sends) and IANA ids (seen in the wild). */
export const LOCALES: readonly Locale[] = [
  {
    country: "US",
    timeZones: ["Eastern Standard Time", "America/New_York"],
    places: [
      { city: "Raleigh", region: "NC", postal: () => "27601" },
      { city: "Durham", region: "NC", postal: () => "27705" },
      { city: "Charleston", region: "SC", postal: () => "29412" },
    ],
    phone: (n) => `919-555-${pad(n % 10000, 4)}`,
  },
  {
    country: "US",
    timeZones: ["Central Standard Time", "America/Chicago"],
    places: [
      { city: "Austin", region: "TX", postal: () => "78704" },
      { city: "Madison", region: "WI", postal: () => "53703" },
    ],
    phone: (n) => `512-555-${pad(n % 10000, 4)}`,
  },
  {
    country: "US",
    timeZones: ["US Mountain Standard Time", "Mountain Standard Time"],
    places: [
      { city: "Phoenix", region: "AZ", postal: () => "85004" },
      { city: "Denver", region: "CO", postal: () => "80205" },
    ],
    phone: (n) => `602-555-${pad(n % 10000, 4)}`,
  },
  {
    country: "US",
    timeZones: ["Pacific Standard Time", "America/Los_Angeles"],
    places: [
      { city: "Portland", region: "OR", postal: () => "97214" },
      { city: "San Diego", region: "CA", postal: () => "92104" },
    ],
    phone: (n) => `503-555-${pad(n % 10000, 4)}`,
  },
  {
    country: "AU",
    timeZones: ["AUS Eastern Standard Time", "Australia/Sydney"],
    places: [
      { city: "Sydney", region: "NSW", postal: () => "2010" },
      { city: "Melbourne", region: "VIC", postal: () => "3065" },
    ],
    phone: (n) => `04 5550 ${pad(n % 10000, 4)}`,
  },
  {
    country: "NZ",
    timeZones: ["New Zealand Standard Time", "Pacific/Auckland"],
    places: [{ city: "Auckland", region: "Auckland", postal: () => "1021" }],
    phone: (n) => `021 555 ${pad(n % 10000, 4)}`,
  },
  {
    country: "GB",
    timeZones: ["GMT Standard Time", "Europe/London"],
    places: [{ city: "Leeds", region: "West Yorkshire", postal: () => "LS6 2AB" }],
    phone: (n) => `07700 9${pad(n % 100000, 5)}`,
  },
];

export const TEAM_NAMES = [
  "Falcon",
  "Heron",
  "Wren",
  "Otter",
  "Lynx",
  "Kestrel",
  "Maple",
  "Cedar",
  "Orca",
  "Puffin",
  "Sparrow",
  "Fox",
  "Badger",
  "Kiwi",
  "Tui",
  "Koala",
] as const;

export const COLORS = [
  "#2E86C1",
  "#16A085",
  "#D35400",
  "#8E44AD",
  "#27AE60",
  "#C0392B",
  "#F4D03F",
  "#578CAC",
  "#7F8C8D",
  "#E67E22",
  "#1ABC9C",
  "#34495E",
] as const;

export const FREQUENCIES = [
  { description: "Weekly", abbreviation: "W", color: "#27AE60" },
  { description: "Every Two Weeks", abbreviation: "EOW", color: "#578CAC" },
  { description: "Every Four Weeks", abbreviation: "E4W", color: "#8E44AD" },
  { description: "Monthly", abbreviation: "M", color: "#E67E22" },
  { description: "One Time", abbreviation: "OT", color: "#C0392B" },
] as const;

export const SERVICE_SETS = [
  { description: "Recurring Service", type: "Recurring Service" },
  { description: "Deep Clean", type: "One-Time Service" },
  { description: "Move Out Clean", type: "One-Time Service" },
  { description: "Post-Construction", type: "Special Service" },
] as const;

export const ADD_ONS = [
  { Description: "Oven interior", Amount: 30 },
  { Description: "Inside fridge", Amount: 25 },
  { Description: "Inside windows", Amount: 40 },
  { Description: "Laundry", Amount: 15 },
] as const;

export const DISCOUNTS = [
  { Description: "First-visit discount", Amount: -15 },
  { Description: "Senior discount", Amount: -10 },
  { Description: "Referral credit", Amount: -20 },
] as const;

export const ROOMS = [
  { RoomName: "Kitchen", RoomTypeName: "Kitchen", LocationInHome: "Main floor" },
  { RoomName: "Primary bath", RoomTypeName: "Bathroom", LocationInHome: "Upstairs" },
  { RoomName: "Guest bath", RoomTypeName: "Bathroom", LocationInHome: "Main floor" },
  { RoomName: "Living room", RoomTypeName: "Living Area", LocationInHome: "Main floor" },
  { RoomName: "Basement", RoomTypeName: "Basement", LocationInHome: "Lower level" },
] as const;

export const TAGS = [
  { Description: "Gate", Color: "#7F8C8D", IconPath: "/icons/gate.svg" },
  { Description: "Dog", Color: "#E67E22", IconPath: "/icons/dog.svg" },
  { Description: "New customer", Color: "#27AE60", IconPath: null },
  { Description: "VIP", Color: "#F4D03F", IconPath: "/icons/star.svg" },
  { Description: "Deep clean", Color: "#8E44AD", IconPath: null },
  { Description: "Eco products only", Color: "#16A085", IconPath: "/icons/leaf.svg" },
] as const;

/** Notes as office staff write them: mostly tame HTML, some of it hostile on purpose. */
export const NOTES = [
  "<p>Use the <em>blue</em> mop on hardwood.</p>",
  "<p>Stone counters: <strong>no vinegar</strong>.</p>",
  "<ul><li>Change sheets</li><li>Water the ferns</li></ul>",
  "<p>Cat hides under the bed.<br>Do not let her out.</p>",
  '<p>See <a href="https://example.com/checklist">the checklist</a>.</p>',
  "<p>Please call ahead</p><script>alert('xss')</script>",
  '<p><img src="x" onerror="alert(document.cookie)">Back door sticks.</p>',
  '<p><a href="javascript:alert(1)">Open instructions</a></p>',
  '<p style="color:red" onclick="steal()">Alarm panel left of the door.</p>',
  '<iframe src="https://evil.example/frame"></iframe><p>Park on the street.</p>',
  "Plain text with <b>bold</b> & an ampersand",
] as const;

export const ACCESS_NOTES = [
  "<p>Garage code 4412.</p>",
  "<p>Key in lockbox by the back door, code 0917.</p>",
  "<p>Doorman has a key.</p>",
  "<p>Alarm code 2580#, disarm within 30 seconds.</p>",
] as const;

export const MEMOS = [
  "<p>Paid by card on file.</p>",
  "<p>Prefers the same team every visit.</p>",
  "<p>Balance overdue: $45.</p>",
  "<p>Complained last visit about the baseboards.</p>",
] as const;
