/**
 * Query families for the search relevance demo, per language. In a family every query has the
 * same intent, so each result template has one grade whatever the entity: `{x}` is the entity of
 * the query, `{y}` another entity of the same family, `{slug}`/`{slugy}` their URL forms.
 */
export interface QueryFamily {
  /** Entities as `[name, slug]`; the slug defaults to an ASCII form of the name. */
  entities: readonly (readonly [string, string?])[];
  queries: readonly string[];
  results: readonly ResultTemplate[];
}

export interface ResultTemplate {
  grade: 0 | 1 | 2 | 3 | 4;
  title: string;
  url: string;
  snippet: string;
  why: string;
}

const WHY = {
  official: "Perfect: the official page the searcher is looking for.",
  guide: "Excellent: a thorough page that fully answers the query, though not the one official destination.",
  partial: "Good: on topic and useful, but covers only part of what the searcher wants.",
  tangent: "Fair: about the same subject, but not what the searcher asked for.",
  other: "Bad: about a different entity than the query names; it does not help at all.",
} as const;

const en: QueryFamily[] = [
  {
    entities: [
      ["Lisbon"],
      ["Kyoto"],
      ["Vancouver"],
      ["Marrakech"],
      ["Edinburgh"],
      ["Cape Town"],
      ["Reykjavik"],
      ["Buenos Aires"],
    ],
    queries: ["things to do in {x}", "{x} travel guide", "what to see in {x} in 3 days"],
    results: [
      {
        grade: 4,
        title: "Visit {x} — Official Tourism Site: Things to Do",
        url: "https://www.visit-{slug}.example/things-to-do",
        snippet:
          "The official guide to {x}: top sights, neighbourhoods, events this month and practical tips from the city tourism board.",
        why: WHY.official,
      },
      {
        grade: 3,
        title: "27 Best Things to Do in {x} (Updated Guide)",
        url: "https://wanderlog-travel.example/{slug}/best-things-to-do",
        snippet:
          "From hidden viewpoints to the old town, our editors' picks for first-time visitors to {x}, with maps and opening hours.",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "My Week in {x}: A Travel Diary",
        url: "https://sam-on-the-road.example/blog/{slug}-week",
        snippet: "Where I stayed, what I ate and the three sights in {x} that were worth the detour.",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "Cheap Hotels in {x} — Book Now",
        url: "https://hotelhopper.example/{slug}",
        snippet: "Compare 1,200 hotels in {x}. Free cancellation on most rooms. Best price guaranteed.",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "Top 10 Attractions in {y}",
        url: "https://wanderlog-travel.example/{slugy}/top-10",
        snippet: "The ten attractions in {y} you should not miss, with tickets and tips.",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [
      ["banana bread"],
      ["chicken tikka masala"],
      ["pad thai"],
      ["lasagna"],
      ["shakshuka"],
      ["guacamole"],
      ["sourdough bread"],
    ],
    queries: ["{x} recipe", "how to make {x}", "easy {x} recipe"],
    results: [
      {
        grade: 3,
        title: "Easy {x} Recipe (Step by Step)",
        url: "https://www.simplyhomecooking.example/recipes/{slug}",
        snippet:
          "Our tested {x} recipe: ingredients, step-by-step photos and tips for getting it right the first time.",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "5 Twists on Classic {x}",
        url: "https://www.simplyhomecooking.example/ideas/{slug}-variations",
        snippet:
          "Bored of the usual? Five variations on {x}, from vegan to extra spicy. Assumes you know the basic recipe.",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "The Surprising History of {x}",
        url: "https://foodhistory.example/{slug}",
        snippet: "Where did {x} come from? A short history of a dish the whole world now cooks.",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "Easy {y} Recipe (Step by Step)",
        url: "https://www.simplyhomecooking.example/recipes/{slugy}",
        snippet: "Our tested {y} recipe: ingredients, step-by-step photos and tips.",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [["Northwind Bank"], ["Lumen Mobile"], ["Brightway Airlines"], ["Parcelo"], ["Verdant Energy"]],
    queries: ["{x} login", "{x} sign in", "log in to {x}"],
    results: [
      {
        grade: 4,
        title: "Sign in — {x}",
        url: "https://www.{slug}.example/login",
        snippet: "Sign in to your {x} account to see your statements, manage your plan and update your details.",
        why: WHY.official,
      },
      {
        grade: 3,
        title: "Help: I can't sign in to my account — {x}",
        url: "https://help.{slug}.example/sign-in-problems",
        snippet: "Forgot your password or locked out? Step-by-step help to get back into your {x} account.",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x} — Wikipedia",
        url: "https://en.wikipedia.example/wiki/{slug}",
        snippet: "{x} is a company founded in 1998 ... services, history and ownership.",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "{x} Reviews — Read Customer Service Reviews",
        url: "https://reviewhub.example/{slug}",
        snippet: "Rated 3.1 by 4,210 customers. Read what people say about {x}.",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "Sign in — {y}",
        url: "https://www.{slugy}.example/login",
        snippet: "Sign in to your {y} account.",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [
      ["running shoes"],
      ["noise-cancelling headphones"],
      ["robot vacuum"],
      ["espresso machine"],
      ["standing desk"],
      ["e-reader"],
    ],
    queries: ["best {x} 2025", "{x} reviews", "which {x} should I buy"],
    results: [
      {
        grade: 3,
        title: "The Best {x} of 2025, Tested",
        url: "https://gearlab-reviews.example/best-{slug}",
        snippet: "We tested 14 {x} over three months. Our top pick, the budget choice and what to avoid.",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x} Buying Guide: What to Look For",
        url: "https://gearlab-reviews.example/guides/{slug}",
        snippet: "The features that matter when choosing {x}, explained. No product picks.",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "{x} — Shop Deals | MegaMart",
        url: "https://megamart.example/c/{slug}",
        snippet: "Shop 300+ {x}. Free delivery over $35.",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "The Best {y} of 2025, Tested",
        url: "https://gearlab-reviews.example/best-{slugy}",
        snippet: "We tested 11 {y}. Here are our favourites.",
        why: WHY.other,
      },
    ],
  },
];

const de: QueryFamily[] = [
  {
    entities: [["München"], ["Hamburg"], ["Wien"], ["Dresden"], ["Salzburg"], ["Köln"], ["Prag"]],
    queries: ["Sehenswürdigkeiten {x}", "{x} Reisetipps", "was kann man in {x} machen"],
    results: [
      {
        grade: 4,
        title: "{x} entdecken – das offizielle Tourismusportal",
        url: "https://www.{slug}-tourismus.example/",
        snippet:
          "Sehenswürdigkeiten, Veranstaltungen und Tipps für Ihren Aufenthalt in {x} – vom offiziellen Tourismusamt.",
        why: WHY.official,
      },
      {
        grade: 3,
        title: "Die 20 schönsten Sehenswürdigkeiten in {x}",
        url: "https://reisezeit-magazin.example/{slug}/sehenswuerdigkeiten",
        snippet:
          "Von der Altstadt bis zum Geheimtipp: unsere Auswahl für den ersten Besuch in {x}, mit Karte und Öffnungszeiten.",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "Mein Wochenende in {x} – Reiseblog",
        url: "https://unterwegs-mit-lena.example/{slug}-wochenende",
        snippet: "Zwei Tage in {x}: wo ich gegessen habe und welche drei Orte sich wirklich gelohnt haben.",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "Günstige Hotels in {x} – jetzt buchen",
        url: "https://hotelfinder.example/de/{slug}",
        snippet: "Über 800 Hotels in {x} vergleichen. Kostenlose Stornierung bei vielen Zimmern.",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "Die 20 schönsten Sehenswürdigkeiten in {y}",
        url: "https://reisezeit-magazin.example/{slugy}/sehenswuerdigkeiten",
        snippet: "Unsere Auswahl für den ersten Besuch in {y}.",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [
      ["Apfelstrudel"],
      ["Käsespätzle"],
      ["Kartoffelsalat"],
      ["Rinderrouladen"],
      ["Zwiebelkuchen"],
      ["Schwarzwälder Kirschtorte"],
    ],
    queries: ["{x} Rezept", "{x} selber machen", "{x} einfach"],
    results: [
      {
        grade: 3,
        title: "{x} – das klassische Rezept",
        url: "https://www.kochfreunde.example/rezepte/{slug}",
        snippet: "Unser erprobtes Rezept für {x}: Zutaten, Schritt-für-Schritt-Anleitung und Tipps für das Gelingen.",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x}: 4 Varianten zum Ausprobieren",
        url: "https://www.kochfreunde.example/ideen/{slug}-varianten",
        snippet: "Vegetarisch, schnell oder festlich: vier Abwandlungen von {x}. Setzt das Grundrezept voraus.",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "Die Geschichte von {x}",
        url: "https://esskultur-lexikon.example/{slug}",
        snippet: "Woher kommt {x}? Ein kurzer Blick in die Geschichte eines Klassikers.",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "{y} – das klassische Rezept",
        url: "https://www.kochfreunde.example/rezepte/{slugy}",
        snippet: "Unser erprobtes Rezept für {y}.",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [["Nordwind Bank"], ["Lumen Mobilfunk"], ["Stadtwerke Elbtal"], ["Paketblitz"]],
    queries: ["{x} Login", "{x} anmelden", "{x} Kundenkonto"],
    results: [
      {
        grade: 4,
        title: "Anmelden – {x}",
        url: "https://www.{slug}.example/login",
        snippet: "Melden Sie sich bei Ihrem {x}-Konto an, um Rechnungen, Verträge und Einstellungen zu verwalten.",
        why: WHY.official,
      },
      {
        grade: 3,
        title: "Hilfe: Probleme bei der Anmeldung – {x}",
        url: "https://hilfe.{slug}.example/anmeldung",
        snippet: "Passwort vergessen oder Konto gesperrt? So melden Sie sich wieder bei {x} an.",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x} – Wikipedia",
        url: "https://de.wikipedia.example/wiki/{slug}",
        snippet: "{x} ist ein Unternehmen mit Sitz in Hamburg ... Geschichte und Angebot.",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "{x} Erfahrungen und Bewertungen",
        url: "https://bewertungsportal.example/{slug}",
        snippet: "3,4 von 5 Sternen aus 2.180 Bewertungen. Lesen Sie, was Kunden über {x} sagen.",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "Anmelden – {y}",
        url: "https://www.{slugy}.example/login",
        snippet: "Melden Sie sich bei Ihrem {y}-Konto an.",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [
      ["Laufschuhe"],
      ["Kopfhörer mit Geräuschunterdrückung"],
      ["Saugroboter"],
      ["Siebträgermaschine"],
      ["E-Bike"],
    ],
    queries: ["{x} Test", "beste {x} 2025", "{x} Vergleich"],
    results: [
      {
        grade: 3,
        title: "{x} im Test: Die besten Modelle 2025",
        url: "https://technik-test.example/{slug}",
        snippet: "Wir haben 12 Modelle drei Monate lang getestet: Testsieger, Preis-Leistungs-Tipp und Fehlkäufe.",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x} Kaufberatung: Darauf sollten Sie achten",
        url: "https://technik-test.example/ratgeber/{slug}",
        snippet: "Welche Eigenschaften bei {x} wirklich zählen – verständlich erklärt, ohne Produktempfehlung.",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "{x} günstig kaufen – Angebote",
        url: "https://kaufhaus24.example/{slug}",
        snippet: "Über 200 {x} ab Lager. Versandkostenfrei ab 29 €.",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "{y} im Test: Die besten Modelle 2025",
        url: "https://technik-test.example/{slugy}",
        snippet: "Unsere Testsieger bei {y}.",
        why: WHY.other,
      },
    ],
  },
];

const ja: QueryFamily[] = [
  {
    entities: [
      ["京都", "kyoto"],
      ["札幌", "sapporo"],
      ["金沢", "kanazawa"],
      ["福岡", "fukuoka"],
      ["奈良", "nara"],
      ["函館", "hakodate"],
      ["那覇", "naha"],
    ],
    queries: ["{x} 観光 おすすめ", "{x} 観光スポット", "{x} 日帰り 観光"],
    results: [
      {
        grade: 4,
        title: "{x}市 公式観光サイト",
        url: "https://www.{slug}-kanko.example/",
        snippet: "{x}の公式観光情報サイト。定番の観光スポット、季節のイベント、アクセス情報をご紹介します。",
        why: WHY.official,
      },
      {
        grade: 3,
        title: "{x}のおすすめ観光スポット20選【2025年版】",
        url: "https://tabi-note.example/{slug}/spots",
        snippet: "初めての{x}旅行で外せない定番スポットから穴場まで、地図と営業時間付きで紹介。",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x}旅行記 2泊3日のモデルコース",
        url: "https://yuki-travel-blog.example/{slug}-trip",
        snippet: "{x}で実際に回ったコースと、行ってよかった3つの場所をまとめました。",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "{x}のホテル・旅館 格安予約",
        url: "https://yado-search.example/{slug}",
        snippet: "{x}のホテル・旅館を比較。無料キャンセル対応プランも多数。",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "{y}のおすすめ観光スポット20選【2025年版】",
        url: "https://tabi-note.example/{slugy}/spots",
        snippet: "{y}旅行で外せない定番スポットを紹介。",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [
      ["肉じゃが", "nikujaga"],
      ["親子丼", "oyakodon"],
      ["唐揚げ", "karaage"],
      ["お好み焼き", "okonomiyaki"],
      ["味噌汁", "misoshiru"],
      ["カレーライス", "curry-rice"],
    ],
    queries: ["{x} レシピ", "{x} 作り方 簡単", "{x} 人気 レシピ"],
    results: [
      {
        grade: 3,
        title: "基本の{x}の作り方｜簡単レシピ",
        url: "https://www.katei-recipe.example/recipes/{slug}",
        snippet: "定番の{x}を失敗なく作るための基本レシピ。材料、手順、コツを写真付きで解説します。",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x}のアレンジレシピ5選",
        url: "https://www.katei-recipe.example/arrange/{slug}",
        snippet: "いつもの{x}に飽きたら試したいアレンジ5つ。基本の作り方は別ページで。",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "{x}の歴史と由来",
        url: "https://shoku-bunka.example/{slug}",
        snippet: "{x}はいつ、どこで生まれたのか。家庭料理の定番の意外な歴史。",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "基本の{y}の作り方｜簡単レシピ",
        url: "https://www.katei-recipe.example/recipes/{slugy}",
        snippet: "定番の{y}の基本レシピ。",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [
      ["ノースウィンド銀行", "northwind-bank"],
      ["ルーメンモバイル", "lumen-mobile"],
      ["はやて航空", "hayate-air"],
      ["パケット便", "packet-bin"],
    ],
    queries: ["{x} ログイン", "{x} マイページ", "{x} 会員 ログイン"],
    results: [
      {
        grade: 4,
        title: "ログイン｜{x}",
        url: "https://www.{slug}.example/login",
        snippet: "{x}の会員ページにログインして、ご利用状況の確認や各種お手続きができます。",
        why: WHY.official,
      },
      {
        grade: 3,
        title: "ログインできない場合のよくある質問｜{x}",
        url: "https://support.{slug}.example/faq/login",
        snippet: "パスワードを忘れた方、ログインできない方はこちら。{x}公式サポート。",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x} - Wikipedia",
        url: "https://ja.wikipedia.example/wiki/{slug}",
        snippet: "{x}は、日本の企業。沿革、事業内容などについて。",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "{x}の評判・口コミ",
        url: "https://kuchikomi-navi.example/{slug}",
        snippet: "{x}の口コミ312件。利用者のリアルな評価をチェック。",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "ログイン｜{y}",
        url: "https://www.{slugy}.example/login",
        snippet: "{y}の会員ページにログイン。",
        why: WHY.other,
      },
    ],
  },
  {
    entities: [
      ["ランニングシューズ", "running-shoes"],
      ["ノイズキャンセリングイヤホン", "anc-earbuds"],
      ["ロボット掃除機", "robot-vacuum"],
      ["電気ケトル", "electric-kettle"],
      ["電子書籍リーダー", "e-reader"],
    ],
    queries: ["{x} おすすめ", "{x} 比較 2025", "{x} 人気 ランキング"],
    results: [
      {
        grade: 3,
        title: "{x}のおすすめ15選！実際に使って比較【2025年】",
        url: "https://gadget-hikaku.example/{slug}",
        snippet: "編集部が3か月かけて{x}15製品を徹底比較。ベストバイとコスパ最強モデルを紹介。",
        why: WHY.guide,
      },
      {
        grade: 2,
        title: "{x}の選び方｜失敗しないポイント",
        url: "https://gadget-hikaku.example/guide/{slug}",
        snippet: "{x}を選ぶときに見るべきポイントをわかりやすく解説。製品のおすすめはありません。",
        why: WHY.partial,
      },
      {
        grade: 1,
        title: "{x} 通販・セール情報",
        url: "https://netshop-mall.example/c/{slug}",
        snippet: "{x}を300点以上取り揃え。3,980円以上で送料無料。",
        why: WHY.tangent,
      },
      {
        grade: 0,
        title: "{y}のおすすめ15選！実際に使って比較【2025年】",
        url: "https://gadget-hikaku.example/{slugy}",
        snippet: "{y}を徹底比較。",
        why: WHY.other,
      },
    ],
  },
];

/** The query families of each language the relevance demo serves. */
export const QUERY_FAMILIES: Readonly<Record<"en" | "de" | "ja", readonly QueryFamily[]>> = { en, de, ja };
