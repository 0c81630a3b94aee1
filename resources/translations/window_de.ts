<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop_app/gui/help/about.py" line="+40"/>
        <source>the window</source>
        <translation>das Fenster</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>writes captions into photos; reads every write back</source>
        <translation>schreibt Bildunterschriften in Fotos; liest jeden Schreibvorgang zurück</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>reads embedded captions, XMP sidecars; second reader of every write</source>
        <translation>liest eingebettete Bildunterschriften und XMP-Filialdateien; zweiter Leser jedes Schreibvorgangs</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the local model</source>
        <translation>das lokale Modell</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>decoding images</source>
        <translation>Bilder dekodieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>HEIC files</source>
        <translation>HEIC-Dateien</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the local model&apos;s Python binding</source>
        <translation>die Python-Anbindung des lokalen Modells</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the keyring</source>
        <translation>der Schlüsselbund</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the cloud and OpenAI-compatible APIs</source>
        <translation>die Cloud- und OpenAI-kompatiblen APIs</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>model downloads</source>
        <translation>Modell-Downloads</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>watching folders</source>
        <translation>Ordner überwachen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>place names for GPS positions, offline</source>
        <translation>Ortsnamen für GPS-Positionen, offline</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>settings, API keys, the terminal</source>
        <translation>Einstellungen, API-Schlüssel, das Terminal</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Qwen2.5-VL-3B-Instruct (local default; cloud runware:152@1)</source>
        <translation>Qwen2.5-VL-3B-Instruct (lokaler Standard; Cloud runware:152@1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qwen Research License Agreement: read it before commercial use</source>
        <translation>Qwen Research License Agreement: vor kommerzieller Nutzung lesen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Qwen2.5-VL-7B-Instruct (local option; cloud runware:152@2)</source>
        <translation>Qwen2.5-VL-7B-Instruct (lokale Option; Cloud runware:152@2)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>not installed</source>
        <translation>nicht installiert</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>see above</source>
        <translation>siehe oben</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&lt;p&gt;{app} is free software under the GNU General Public License, version 3 or later. It comes with no warranty.&lt;/p&gt;</source>
        <translation>&lt;p&gt;{app} ist freie Software unter der GNU General Public License, Version 3 oder später. Sie kommt ohne jede Gewährleistung.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>component</source>
        <translation>Komponente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>license</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>used for</source>
        <translation>verwendet für</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Components</source>
        <translation>Komponenten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;p&gt;Cloud captions are made by Runware under its own terms; images sent there leave this computer. Local captions never do.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Cloud-Bildunterschriften erstellt Runware zu eigenen Bedingungen; dorthin gesendete Bilder verlassen diesen Computer. Lokale Bildunterschriften nie.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Installed from source (not a packaged build).</source>
        <translation>Aus dem Quellcode installiert (kein Installationspaket).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed package: {package}.</source>
        <translation>Installiertes Paket: {package}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>GPU offload: yes</source>
        <translation>GPU-Auslagerung: ja</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GPU offload: no (CPU build)</source>
        <translation>GPU-Auslagerung: nein (CPU-Build)</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location line="+18"/>
        <source>About {app}</source>
        <translation>Über {app}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&lt;p&gt;Captions your photos with Qwen2.5-VL and writes them where your other tools find them.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Beschriftet Ihre Fotos mit Qwen2.5-VL und schreibt die Bildunterschriften dorthin, wo Ihre anderen Programme sie finden.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>llama.cpp: checking the local model&apos;s build…</source>
        <translation>llama.cpp: Build des lokalen Modells wird geprüft …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ExifTool: checking…</source>
        <translation>ExifTool: wird geprüft…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>llama.cpp: see folder-captioner doctor.</source>
        <translation>llama.cpp: siehe folder-captioner doctor.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ExifTool: see folder-captioner doctor.</source>
        <translation>ExifTool: siehe folder-captioner doctor.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>llama.cpp could not be loaded: {error}</source>
        <translation>llama.cpp konnte nicht geladen werden: {error}</translation>
    </message>
</context>
<context>
    <name>AdvancedSection</name>
    <message>
        <location filename="../../desktop_app/gui/settings/advanced.py" line="+14"/>
        <source>Advanced</source>
        <translation>Erweitert</translation>
    </message>
</context>
<context>
    <name>ApiKeyWidget</name>
    <message>
        <location filename="../../desktop_app/gui/settings/key_widget.py" line="+56"/>
        <location line="+41"/>
        <source>A key is set (hidden)</source>
        <translation>Ein Schlüssel ist gesetzt (verborgen)</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Kept in the system keyring; ${variable} overrides it.</source>
        <translation>Im Schlüsselbund des Systems gespeichert; ${variable} hat Vorrang.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save key</source>
        <translation>Schlüssel speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the key in the system keyring (never in a file)</source>
        <translation>Schlüssel im Schlüsselbund des Systems aufbewahren (nie in einer Datei)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test connection</source>
        <translation>Verbindung testen</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Paste a key first.</source>
        <translation>Zuerst einen Schlüssel einfügen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Saved in the system keyring.</source>
        <translation>Im Schlüsselbund des Systems gespeichert.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Testing…</source>
        <translation>Wird getestet …</translation>
    </message>
</context>
<context>
    <name>CaptionDetails</name>
    <message>
        <location filename="../../desktop_app/gui/panel/caption_details.py" line="+14"/>
        <source>machine-written</source>
        <translation>maschinell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edited</source>
        <translation>bearbeitet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>found in the files</source>
        <translation>in den Dateien gefunden</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Machine-written by {engine} on {when}</source>
        <translation>Maschinell geschrieben von {engine} am {when}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Machine-written on {when}</source>
        <translation>Maschinell geschrieben am {when}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edited by a person on {when} (drafted by {engine})</source>
        <translation>Von Hand bearbeitet am {when} (Entwurf von {engine})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edited by a person on {when}</source>
        <translation>Von Hand bearbeitet am {when}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Found in the image&apos;s files</source>
        <translation>In den Dateien des Bildes gefunden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Title:</source>
        <translation>Titel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt text:</source>
        <translation>Alternativtext:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keywords:</source>
        <translation>Stichwörter:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hierarchy:</source>
        <translation>Hierarchie:</translation>
    </message>
</context>
<context>
    <name>CaptionPanel</name>
    <message>
        <location filename="../../desktop_app/gui/panel/caption_panel.py" line="+81"/>
        <source>No caption yet. Write one, or caption the image.</source>
        <translation>Noch keine Bildunterschrift. Schreiben Sie eine oder lassen Sie das Bild beschriften.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the caption to the chosen destinations (Ctrl+S)</source>
        <translation>Bildunterschrift an die gewählten Ziele schreiben (Strg+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revert</source>
        <translation>Zurücksetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Caption again</source>
        <translation>Neu beschriften</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt…</source>
        <translation>Prompt …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preview the prompt this image would be sent with the chosen preset</source>
        <translation>Vorschau des Prompts, den dieses Bild mit der gewählten Vorgabe erhielte</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backend / model</source>
        <translation>Dienst / Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>Kosten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caption</source>
        <translation>Bildunterschrift</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Preset:</source>
        <translation>Vorgabe:</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>History</source>
        <translation>Verlauf</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Also writes: {parts}.</source>
        <translation>Schreibt außerdem: {parts}.</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n image(s) selected</source>
        <translation>
            <numerusform>%n Bild ausgewählt</numerusform>
            <numerusform>%n Bilder ausgewählt</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No image selected</source>
        <translation>Kein Bild ausgewählt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select an image to see it here.</source>
        <translation>Wählen Sie ein Bild, um es hier zu sehen.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading preview…</source>
        <translation>Vorschau wird geladen …</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&lt;b&gt;Captioning failed.&lt;/b&gt; {error}</source>
        <translation>&lt;b&gt;Beschriften fehlgeschlagen.&lt;/b&gt; {error}</translation>
    </message>
</context>
<context>
    <name>CaptioningPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/captioning_page.py" line="+45"/>
        <source>In the cloud (Runware)</source>
        <translation>In der Cloud (Runware)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On this computer (llama.cpp)</source>
        <translation>Auf diesem Computer (llama.cpp)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On your own server (OpenAI-compatible)</source>
        <translation>Auf Ihrem eigenen Server (OpenAI-kompatibel)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Captions are made</source>
        <translation>Bildunterschriften entstehen</translation>
    </message>
</context>
<context>
    <name>CloudPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/cloud_page.py" line="+20"/>
        <source>Qwen2.5-VL runs on Runware&apos;s servers: fast on any computer, paid per caption. Each photo is downscaled (about 1 megapixel) and sent over the internet.</source>
        <translation>Qwen2.5-VL läuft auf den Servern von Runware: schnell auf jedem Computer, bezahlt pro Bildunterschrift. Jedes Foto wird verkleinert (etwa 1 Megapixel) und über das Internet gesendet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Qwen2.5-VL 3B, about $0.0013-0.0026 per caption</source>
        <translation>Qwen2.5-VL 3B, etwa $0.0013-0.0026 pro Bildunterschrift</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Qwen2.5-VL 7B, better captions</source>
        <translation>Qwen2.5-VL 7B, bessere Bildunterschriften</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wait for each answer</source>
        <translation>Auf jede Antwort warten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send, then collect the answers (async)</source>
        <translation>Senden, dann Antworten abholen (asynchron)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>imageCaption (the API&apos;s older name)</source>
        <translation>imageCaption (der ältere Name der API)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paste your Runware API key</source>
        <translation>Runware-API-Schlüssel einfügen</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>An AIR id, such as runware:152@2</source>
        <translation>Eine AIR-ID, etwa runware:152@2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Service address</source>
        <translation>Dienstadresse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runware&apos;s API. Change it only for a proxy; ${variable} overrides it.</source>
        <translation>Die API von Runware. Nur für einen Proxy ändern; ${variable} hat Vorrang.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delivery</source>
        <translation>Zustellung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Async sends the photos, then asks for the captions until they are ready; use it when requests time out.</source>
        <translation>Asynchron sendet die Fotos und fragt dann nach den Bildunterschriften, bis sie fertig sind; nutzen Sie es, wenn Anfragen ablaufen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Task type</source>
        <translation>Aufgabentyp</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The name of the API&apos;s caption task.</source>
        <translation>Der Name der Beschriftungsaufgabe der API.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Photos per request</source>
        <translation>Fotos pro Anfrage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Several photos travel in one request.</source>
        <translation>Mehrere Fotos reisen in einer Anfrage.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Requests at once</source>
        <translation>Anfragen gleichzeitig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give up on a request after</source>
        <translation>Anfrage aufgeben nach</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How often a request that failed for a passing reason (busy service, lost connection) is sent again, waiting longer each time.</source>
        <translation>Wie oft eine Anfrage, die aus vorübergehendem Grund scheiterte (Dienst ausgelastet, Verbindung verloren), erneut gesendet wird, jedes Mal nach längerem Warten.</translation>
    </message>
</context>
<context>
    <name>ConfigForm</name>
    <message>
        <location filename="../../desktop_app/gui/settings/config_form.py" line="+32"/>
        <source>API URL</source>
        <translation>API-URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests in flight</source>
        <translation>Laufende Anfragen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images per request</source>
        <translation>Bilder pro Anfrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout (s)</source>
        <translation>Zeitlimit (s)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task type</source>
        <translation>Aufgabentyp</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context size (0 = automatic)</source>
        <translation>Kontextgröße (0 = automatisch)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPU layers (-1 = automatic)</source>
        <translation>GPU-Schichten (-1 = automatisch)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads (0 = automatic)</source>
        <translation>Threads (0 = automatisch)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest caption (tokens)</source>
        <translation>Längste Bildunterschrift (Token)</translation>
    </message>
</context>
<context>
    <name>ContentPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/content_page.py" line="+46"/>
        <source>Add keywords to each caption</source>
        <translation>Jeder Bildunterschrift Stichwörter hinzufügen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import keyword list…</source>
        <translation>Stichwortliste importieren …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lightroom Classic: Metadata &gt; Export Keywords; or a text file, one keyword (or Parent|Child path) per line</source>
        <translation>Lightroom Classic: Metadaten &gt; Stichwörter exportieren; oder eine Textdatei, ein Stichwort (oder Eltern|Kind-Pfad) pro Zeile</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear</source>
        <translation>Leeren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only keywords from the list</source>
        <translation>Nur Stichwörter aus der Liste</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also write the parent keywords</source>
        <translation>Auch die übergeordneten Stichwörter schreiben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also write synonyms</source>
        <translation>Auch Synonyme schreiben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a short title</source>
        <translation>Kurzen Titel hinzufügen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add alt text (accessibility)</source>
        <translation>Alternativtext hinzufügen (Barrierefreiheit)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the prompt&apos;s language (e.g. en, de, fr)</source>
        <translation>die Sprache des Prompts (z. B. en, de, fr)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fill the prompt&apos;s variables from each photo</source>
        <translation>Variablen des Prompts aus jedem Foto füllen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mark machine-written captions in XMP (IPTC AI properties)</source>
        <translation>Maschinell geschriebene Bildunterschriften in XMP kennzeichnen (IPTC-KI-Eigenschaften)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>your name, for your own prompts</source>
        <translation>Ihr Name, für Ihre eigenen Prompts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preview the prompt for a photo…</source>
        <translation>Prompt-Vorschau für ein Foto …</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>at most</source>
        <translation>höchstens</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keywords</source>
        <translation>Stichwörter</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Vocabulary</source>
        <translation>Vokabular</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also</source>
        <translation>Außerdem</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prompts may use {variables}. A part in [brackets] disappears when its variables are unknown: “A photo[ taken in {{place}}].”</source>
        <translation>Prompts dürfen {variables} verwenden. Ein Teil in [Klammern] entfällt, wenn seine Variablen unbekannt sind: „A photo[ taken in {{place}}].“</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provenance</source>
        <translation>Herkunft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt writer</source>
        <translation>Prompt-Autor</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>{file}: %n keyword(s) (imported when you press OK)</source>
        <translation>
            <numerusform>{file}: %n Stichwort (wird mit OK importiert)</numerusform>
            <numerusform>{file}: %n Stichwörter (werden mit OK importiert)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} (imported)</source>
        <translation>{file} (importiert)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None: the model chooses keywords freely.</source>
        <translation>Keines: das Modell wählt Stichwörter frei.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import a keyword list</source>
        <translation>Stichwortliste importieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keyword lists (*.txt *.csv);;All files (*)</source>
        <translation>Stichwortlisten (*.txt *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reading {file}…</source>
        <translation>{file} wird gelesen …</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>✗ Use language codes such as en, de, fr or pt-BR.</source>
        <translation>✗ Verwenden Sie Sprachcodes wie en, de, fr oder pt-BR.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Captions are written as the prompt asks (x-default).</source>
        <translation>Bildunterschriften werden geschrieben, wie der Prompt es verlangt (x-default).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{languages}. The first is the default: EXIF, IPTC and XMP x-default.</source>
        <translation>{languages}. Die erste ist die Standardsprache: EXIF, IPTC und XMP x-default.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Preview the prompt for</source>
        <translation>Prompt-Vorschau für</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Images (*)</source>
        <translation>Bilder (*)</translation>
    </message>
</context>
<context>
    <name>DisplayState</name>
    <message>
        <location filename="../../desktop_app/gui/grid/image_model.py" line="+44"/>
        <source>no caption</source>
        <translation>keine Bildunterschrift</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>has a caption</source>
        <translation>hat eine Bildunterschrift</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queued</source>
        <translation>wartet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>captioning</source>
        <translation>wird beschriftet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>captioned</source>
        <translation>beschriftet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../desktop_app/gui/error_hook.py" line="+59"/>
        <source>Something went wrong</source>
        <translation>Etwas ist schiefgegangen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An unexpected error happened: {error}</source>
        <translation>Ein unerwarteter Fehler ist aufgetreten: {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder Captioner keeps running and nothing was lost. The details are in the log:
{log}</source>
        <translation>Folder Captioner läuft weiter, und nichts ging verloren. Die Einzelheiten stehen im Protokoll:
{log}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop_app/gui/help/first_run.py" line="+35"/>
        <source>In the cloud (Runware, Qwen2.5-VL 3B or 7B)</source>
        <translation>In der Cloud (Runware, Qwen2.5-VL 3B oder 7B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fast on any computer. Needs an API key from runware.ai and costs about $0.0013-0.0026 per caption. Images are downscaled (about 1 megapixel) and sent over the internet.</source>
        <translation>Schnell auf jedem Computer. Braucht einen API-Schlüssel von runware.ai und kostet etwa $0.0013-0.0026 pro Bildunterschrift. Bilder werden verkleinert (etwa 1 Megapixel) und über das Internet gesendet.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>On this computer (Qwen2.5-VL, offline)</source>
        <translation>Auf diesem Computer (Qwen2.5-VL, offline)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Private: images never leave this computer, and no account is needed. One download of about 3.3 GB (3B model), then it works offline. On a CPU a caption takes from several seconds to a few minutes; a GPU is much faster.</source>
        <translation>Privat: Bilder verlassen diesen Computer nie, und kein Konto ist nötig. Ein Download von etwa 3,3 GB (3B-Modell), dann funktioniert es offline. Auf einer CPU dauert eine Bildunterschrift einige Sekunden bis wenige Minuten; eine GPU ist viel schneller.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>On my own server (OpenAI-compatible: Ollama, LM Studio, vLLM, llama-server)</source>
        <translation>Auf meinem eigenen Server (OpenAI-kompatibel: Ollama, LM Studio, vLLM, llama-server)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For studios that run models on another machine. You give the server&apos;s address and the model&apos;s name in Settings.</source>
        <translation>Für Studios, die Modelle auf einem anderen Rechner betreiben. Serveradresse und Modellname geben Sie in den Einstellungen an.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A photo library (Lightroom, Bridge, darktable, digiKam, Photo Mechanic)</source>
        <translation>Eine Fotobibliothek (Lightroom, Bridge, darktable, digiKam, Photo Mechanic)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The caption goes inside each photo (XMP, IPTC and EXIF), where photo tools read it; nothing else in the file changes. RAW and HEIC files get an XMP sidecar beside them instead.</source>
        <translation>Die Bildunterschrift kommt in jedes Foto (XMP, IPTC und EXIF), wo Fotoprogramme sie lesen; sonst ändert sich nichts in der Datei. RAW- und HEIC-Dateien erhalten stattdessen eine XMP-Filialdatei daneben.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A training dataset (kohya, OneTrainer, TagGUI)</source>
        <translation>Ein Trainingsdatensatz (kohya, OneTrainer, TagGUI)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A .txt file beside each image holds its caption; the images are never changed.</source>
        <translation>Eine .txt-Datei neben jedem Bild enthält seine Bildunterschrift; die Bilder werden nie verändert.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Both</source>
        <translation>Beides</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inside each photo and in a .txt file beside it.</source>
        <translation>In jedem Foto und in einer .txt-Datei daneben.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Welcome to {app}</source>
        <translation>Willkommen bei {app}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;h2&gt;Welcome to {app}&lt;/h2&gt;&lt;p&gt;It writes a caption for each photo and stores it where Lightroom, darktable, digiKam and training tools find it. Choose where the captions are made, and what they are for. You can change both later in Settings.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Willkommen bei {app}&lt;/h2&gt;&lt;p&gt;Es schreibt zu jedem Foto eine Bildunterschrift und speichert sie dort, wo Lightroom, darktable, digiKam und Trainingswerkzeuge sie finden. Wählen Sie, wo die Bildunterschriften entstehen und wofür sie gedacht sind. Sie können beides später in den Einstellungen ändern.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Where are the captions made?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wo entstehen die Bildunterschriften?&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>&lt;b&gt;What are the captions for?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Wofür sind die Bildunterschriften?&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Runware API key (saved in your system&apos;s keyring, never in a file):</source>
        <translation>Runware-API-Schlüssel (im Schlüsselbund Ihres Systems gespeichert, nie in einer Datei):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paste the key, or leave empty to add it later</source>
        <translation>Schlüssel einfügen oder leer lassen, um ihn später hinzuzufügen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decide later</source>
        <translation>Später entscheiden</translation>
    </message>
</context>
<context>
    <name>FoldersComponent</name>
    <message>
        <location filename="../../desktop_app/gui/folders/component.py" line="+63"/>
        <source>Recent folders</source>
        <translation>Zuletzt geöffnete Ordner</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open folder…</source>
        <translation>Ordner öffnen …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rescan</source>
        <translation>Neu einlesen</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open a folder of images</source>
        <translation>Bilderordner öffnen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot open folder</source>
        <translation>Ordner kann nicht geöffnet werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{folder} is not a folder.</source>
        <translation>{folder} ist kein Ordner.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Opening {folder}…</source>
        <translation>{folder} wird geöffnet …</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{path} does not exist.</source>
        <translation>{path} existiert nicht.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>No images in this folder.</source>
        <translation>Keine Bilder in diesem Ordner.</translation>
    </message>
</context>
<context>
    <name>GridComponent</name>
    <message>
        <location filename="../../desktop_app/gui/grid/component.py" line="+71"/>
        <source>Search</source>
        <translation>Suchen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Larger thumbnails</source>
        <translation>Größere Miniaturen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Smaller thumbnails</source>
        <translation>Kleinere Miniaturen</translation>
    </message>
</context>
<context>
    <name>GridFilters</name>
    <message>
        <location filename="../../desktop_app/gui/grid/filters.py" line="+20"/>
        <source>All images</source>
        <translation>Alle Bilder</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Without caption</source>
        <translation>Ohne Bildunterschrift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With caption</source>
        <translation>Mit Bildunterschrift</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Queued or captioning</source>
        <translation>Wartend oder in Arbeit</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Captioned now</source>
        <translation>Gerade beschriftet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any author</source>
        <translation>Jeder Urheber</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Machine-written</source>
        <translation>Maschinell geschrieben</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Edited by a person</source>
        <translation>Von Hand bearbeitet</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Found in the files</source>
        <translation>In den Dateien gefunden</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Search names and captions  (Ctrl+F)</source>
        <translation>Name, Bildunterschrift suchen  (Strg+F)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show images by the state of their caption</source>
        <translation>Bilder nach dem Stand ihrer Bildunterschrift zeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show captions by who wrote them (the files&apos; XMP and the index say)</source>
        <translation>Bildunterschriften nach Urheber zeigen (laut XMP der Dateien und Index)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Thumbnail size (Ctrl++ and Ctrl+-)</source>
        <translation>Miniaturgröße (Strg++ und Strg+-)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
</context>
<context>
    <name>HelpComponent</name>
    <message>
        <location filename="../../desktop_app/gui/help/component.py" line="+42"/>
        <source>Where captions are made…</source>
        <translation>Wo Bildunterschriften entstehen …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About {app}</source>
        <translation>Über {app}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The key was not saved</source>
        <translation>Der Schlüssel wurde nicht gespeichert</translation>
    </message>
</context>
<context>
    <name>ImageCommands</name>
    <message>
        <location filename="../../desktop_app/gui/grid/commands.py" line="+31"/>
        <source>Copy caption</source>
        <translation>Bildunterschrift kopieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reveal in file manager</source>
        <translation>Im Dateimanager zeigen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open in default app</source>
        <translation>In Standard-App öffnen</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Caption copied.</source>
        <translation>Bildunterschrift kopiert.</translation>
    </message>
</context>
<context>
    <name>ImageListModel</name>
    <message>
        <location filename="../../desktop_app/gui/grid/image_model.py" line="+213"/>
        <source>Error: {error}</source>
        <translation>Fehler: {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot show this image: {reason}</source>
        <translation>Dieses Bild kann nicht angezeigt werden: {reason}</translation>
    </message>
</context>
<context>
    <name>ImagesPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/images_page.py" line="+27"/>
        <source>Follow the system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fast</source>
        <translation>Schnell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balanced</source>
        <translation>Ausgewogen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detailed</source>
        <translation>Detailliert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum</source>
        <translation>Maximal</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Photos travel as JPEG; 90 loses nothing a model sees.</source>
        <translation>Fotos reisen als JPEG; 90 verliert nichts, was ein Modell sieht.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> MP</source>
        <translation> MP</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bigger files are skipped with a message: a protection against broken or malicious files that claim billions of pixels.</source>
        <translation>Größere Dateien werden mit einer Meldung übersprungen: ein Schutz vor defekten oder bösartigen Dateien, die Milliarden Pixel behaupten.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>As the backend sets</source>
        <translation>Vom Dienst bestimmt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many photos are being captioned at the same time. The backend&apos;s own setting (requests at once) fits it best.</source>
        <translation>Wie viele Fotos gleichzeitig beschriftet werden. Die eigene Einstellung des Dienstes (Anfragen gleichzeitig) passt am besten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Include subfolders when opening a folder</source>
        <translation>Beim Öffnen eines Ordners Unterordner einbeziehen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A new language takes effect when Folder Captioner starts again.</source>
        <translation>Eine neue Sprache gilt ab dem nächsten Start von Folder Captioner.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Photo detail</source>
        <translation>Fotodetail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JPEG quality</source>
        <translation>JPEG-Qualität</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos at once</source>
        <translation>Fotos gleichzeitig</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest photo read</source>
        <translation>Größtes gelesenes Foto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Theme</source>
        <translation>Design</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What is sent to the model</source>
        <translation>Was an das Modell geht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The window</source>
        <translation>Das Fenster</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{level} ({tokens} vision tokens, {megapixels} MP)</source>
        <translation>{level} ({tokens} Bild-Token, {megapixels} MP)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>How finely the model sees each photo: more detail reads small things better, costs more time (and, in the cloud, more upload). The local model takes at most the detail set on its own page.</source>
        <translation>Wie fein das Modell jedes Foto sieht: mehr Detail liest kleine Dinge besser, kostet mehr Zeit (und in der Cloud mehr Upload). Das lokale Modell nimmt höchstens das auf seiner eigenen Seite eingestellte Detail.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>System language</source>
        <translation>Systemsprache</translation>
    </message>
</context>
<context>
    <name>LocalModels</name>
    <message>
        <location filename="../../desktop_app/gui/settings/local_models.py" line="+43"/>
        <source>{size} GB</source>
        <translation>{size} GB</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{size} MB</source>
        <translation>{size} MB</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>downloaded</source>
        <translation>heruntergeladen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>partly downloaded ({size}; Download resumes)</source>
        <translation>teilweise heruntergeladen ({size}; „Herunterladen“ setzt fort)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not downloaded</source>
        <translation>nicht heruntergeladen</translation>
    </message>
</context>
<context>
    <name>LocalModelsWidget</name>
    <message>
        <location line="+36"/>
        <source>llama.cpp build: checking…</source>
        <translation>llama.cpp-Build: wird geprüft …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel download</source>
        <translation>Download abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use this model</source>
        <translation>Dieses Modell verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Entfernen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import GGUF…</source>
        <translation>GGUF importieren …</translation>
    </message>
    <message>
        <location line="+42"/>
        <location line="+7"/>
        <source> (in use)</source>
        <translation> (in Gebrauch)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>imported, but a file is missing</source>
        <translation>importiert, aber eine Datei fehlt</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>llama.cpp build: {error}</source>
        <translation>llama.cpp-Build: {error}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>GPU offload available</source>
        <translation>GPU-Auslagerung verfügbar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU build (no GPU offload)</source>
        <translation>CPU-Build (keine GPU-Auslagerung)</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n physical core(s)</source>
        <translation>
            <numerusform>%n physischer Kern</numerusform>
            <numerusform>%n physische Kerne</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>llama.cpp build: llama-cpp-python {version}, {gpu}, {cores}.</source>
        <translation>llama.cpp-Build: llama-cpp-python {version}, {gpu}, {cores}.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Downloading…</source>
        <translation>Wird heruntergeladen …</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Verifying {file} ({done} of {total})</source>
        <translation>Prüfe {file} ({done} von {total})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already here: {file} ({done} of {total})</source>
        <translation>Bereits vorhanden: {file} ({done} von {total})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done: {file} ({done} of {total})</source>
        <translation>Fertig: {file} ({done} von {total})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading {file} ({done} of {total})</source>
        <translation>Lade {file} herunter ({done} von {total})</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Downloaded and verified. It works offline from now on.</source>
        <translation>Heruntergeladen und geprüft. Ab jetzt funktioniert es offline.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Remove the model?</source>
        <translation>Modell entfernen?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {model}&apos;s files from the Hugging Face cache?</source>
        <translation>Die Dateien von {model} aus dem Hugging-Face-Cache löschen?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removed ({size} freed).</source>
        <translation>Entfernt ({size} freigegeben).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import a GGUF model</source>
        <translation>GGUF-Modell importieren</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF-Modelle (*.gguf)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Imported {model}; it is now the local model.</source>
        <translation>{model} importiert; es ist jetzt das lokale Modell.</translation>
    </message>
</context>
<context>
    <name>LocalPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/local_page.py" line="+25"/>
        <source>Qwen2.5-VL on this computer, through llama.cpp: private (photos never leave it) and free. One download, then it works offline; a GPU makes it much faster.</source>
        <translation>Qwen2.5-VL auf diesem Computer, über llama.cpp: privat (Fotos verlassen ihn nie) und kostenlos. Ein Download, dann funktioniert es offline; eine GPU macht es viel schneller.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fast</source>
        <translation>Schnell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balanced, good on a CPU</source>
        <translation>Ausgewogen, gut auf einer CPU</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detailed, a GPU helps</source>
        <translation>Detailliert, eine GPU hilft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum, for a GPU</source>
        <translation>Maximal, für eine GPU</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic (Q8_0, or the one downloaded)</source>
        <translation>Automatisch (Q8_0 oder der heruntergeladene)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Q8_0: a third smaller, as fast</source>
        <translation>Q8_0: ein Drittel kleiner, gleich schnell</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F16: the reference precision, larger</source>
        <translation>F16: die Referenzgenauigkeit, größer</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{level} ({tokens} vision tokens, {megapixels} MP)</source>
        <translation>{level} ({tokens} Bild-Token, {megapixels} MP)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>How finely the model sees each photo. More detail reads small things better and takes longer: the model&apos;s cost grows with every 28×28 pixels.</source>
        <translation>Wie fein das Modell jedes Foto sieht. Mehr Detail liest kleine Dinge besser und dauert länger: der Aufwand des Modells wächst mit je 28×28 Pixeln.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Photo detail</source>
        <translation>Fotodetail</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model name or file</source>
        <translation>Modellname oder -datei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A name from the list above, or the path of a GGUF file.</source>
        <translation>Ein Name aus der Liste oben oder der Pfad einer GGUF-Datei.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>found with the model</source>
        <translation>beim Modell gefunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vision projector</source>
        <translation>Vision-Projektor</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The mmproj GGUF file of the model.</source>
        <translation>Die mmproj-GGUF-Datei des Modells.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Projector type</source>
        <translation>Projektortyp</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which of a catalog model&apos;s vision projectors to download and use. Q8_0 encodes a photo faster than F16 on a CPU.</source>
        <translation>Welcher der Vision-Projektoren eines Katalogmodells heruntergeladen und verwendet wird. Q8_0 kodiert ein Foto auf einer CPU schneller als F16.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (physical cores)</source>
        <translation>Automatisch (physische Kerne)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>GPU layers</source>
        <translation>GPU-Schichten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic: every layer when this build can use a GPU, none otherwise. 0 keeps the model on the CPU.</source>
        <translation>Automatisch: alle Schichten, wenn dieser Build eine GPU nutzen kann, sonst keine. 0 hält das Modell auf der CPU.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Flash attention (faster, less memory)</source>
        <translation>Flash Attention (schneller, weniger Speicher)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Context</source>
        <translation>Kontext</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Automatic: what one photo, its prompt and answer need.</source>
        <translation>Automatisch: was ein Foto, sein Prompt und die Antwort brauchen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Longest caption</source>
        <translation>Längste Bildunterschrift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Used when the prompt preset sets none.</source>
        <translation>Gilt, wenn die Prompt-Vorgabe keinen Wert setzt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lower is more literal.</source>
        <translation>Niedriger ist wörtlicher.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_app/gui/main_window.py" line="+60"/>
        <source>Open a folder (Ctrl+O) or drop one on the window to begin.</source>
        <translation>Öffnen Sie einen Ordner (Strg+O) oder ziehen Sie einen auf das Fenster, um zu beginnen.</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>{folder} — {app}</source>
        <translation>{folder} — {app}</translation>
    </message>
</context>
<context>
    <name>ModelChoice</name>
    <message>
        <location filename="../../desktop_app/gui/settings/model_choice.py" line="+57"/>
        <source>Other…</source>
        <translation>Andere …</translation>
    </message>
</context>
<context>
    <name>OpenAIPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/openai_page.py" line="+20"/>
        <source>Your own server: llama-server, Ollama, LM Studio or vLLM, on this computer or another one, through its OpenAI-compatible API. Photos go only to that server.</source>
        <translation>Ihr eigener Server: llama-server, Ollama, LM Studio oder vLLM, auf diesem oder einem anderen Computer, über seine OpenAI-kompatible API. Fotos gehen nur an diesen Server.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server&apos;s first model</source>
        <translation>Erstes Modell des Servers</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only if the server asks for one</source>
        <translation>Nur wenn der Server einen verlangt</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The model&apos;s name on the server</source>
        <translation>Name des Modells auf dem Server</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test connection fills this list with the server&apos;s models.</source>
        <translation>„Verbindung testen“ füllt diese Liste mit den Modellen des Servers.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server address</source>
        <translation>Serveradresse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>API-Schlüssel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Requests at once</source>
        <translation>Anfragen gleichzeitig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>More than the server&apos;s parallel slots only makes requests wait there.</source>
        <translation>Mehr als die parallelen Plätze des Servers lässt Anfragen dort nur warten.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give up on a request after</source>
        <translation>Anfrage aufgeben nach</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A server on a CPU can take minutes for one photo.</source>
        <translation>Ein Server auf einer CPU kann für ein Foto Minuten brauchen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> tokens</source>
        <translation> Token</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Longest caption</source>
        <translation>Längste Bildunterschrift</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Used when the prompt preset sets none.</source>
        <translation>Gilt, wenn die Prompt-Vorgabe keinen Wert setzt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lower is more literal.</source>
        <translation>Niedriger ist wörtlicher.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retries</source>
        <translation>Wiederholungen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How often a request that failed for a passing reason (busy server, lost connection) is sent again, waiting longer each time.</source>
        <translation>Wie oft eine Anfrage, die aus vorübergehendem Grund scheiterte (Server ausgelastet, Verbindung verloren), erneut gesendet wird, jedes Mal nach längerem Warten.</translation>
    </message>
</context>
<context>
    <name>OutputPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/output_page.py" line="+16"/>
        <source>Inside the photo (XMP, IPTC and EXIF: what Lightroom and Bridge read)</source>
        <translation>Im Foto selbst (XMP, IPTC und EXIF: was Lightroom und Bridge lesen)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>XMP sidecar file beside the photo (RAW files; darktable, digiKam)</source>
        <translation>XMP-Filialdatei neben dem Foto (RAW-Dateien; darktable, digiKam)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text file beside the photo (for training datasets)</source>
        <translation>Textdatei neben dem Foto (für Trainingsdatensätze)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Write captions</source>
        <translation>Bildunterschriften schreiben</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Skip photos that already have a caption</source>
        <translation>Fotos mit Bildunterschrift überspringen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Caption them again (overwrite)</source>
        <translation>Neu beschriften (überschreiben)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>IMG_0001.xmp (Lightroom, Bridge, Capture One)</source>
        <translation>IMG_0001.xmp (Lightroom, Bridge, Capture One)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>IMG_0001.CR2.xmp (darktable, digiKam)</source>
        <translation>IMG_0001.CR2.xmp (darktable, digiKam)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Also for JPEG, TIFF, PNG and WebP, not only RAW and HEIC</source>
        <translation>Auch für JPEG, TIFF, PNG und WebP, nicht nur RAW und HEIC</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These files can hold the caption themselves; without this they get an XMP sidecar only when they already have one.</source>
        <translation>Diese Dateien können die Bildunterschrift selbst aufnehmen; ohne diese Option erhalten sie eine XMP-Filialdatei nur, wenn sie schon eine haben.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep the files&apos; modification time</source>
        <translation>Änderungszeit der Dateien beibehalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write inside DNG files, as Lightroom does</source>
        <translation>In DNG-Dateien hineinschreiben, wie Lightroom es tut</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off: DNG files get an XMP sidecar, like other RAW files. On: the caption goes inside them (ExifTool writes it; nothing else in the file changes).</source>
        <translation>Aus: DNG-Dateien erhalten eine XMP-Filialdatei wie andere RAW-Dateien. Ein: die Bildunterschrift kommt in sie hinein (ExifTool schreibt sie; sonst ändert sich nichts in der Datei).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Write inside HEIC and AVIF files</source>
        <translation>In HEIC- und AVIF-Dateien hineinschreiben</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off: HEIC and AVIF files get an XMP sidecar. On: the caption goes inside them, checked by two readers before the file is replaced.</source>
        <translation>Aus: HEIC- und AVIF-Dateien erhalten eine XMP-Filialdatei. Ein: die Bildunterschrift kommt in sie hinein, von zwei Lesern geprüft, bevor die Datei ersetzt wird.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Existing captions</source>
        <translation>Vorhandene Bildunterschriften</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>XMP sidecars</source>
        <translation>XMP-Filialdateien</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inside the photo</source>
        <translation>Im Foto</translation>
    </message>
</context>
<context>
    <name>PanelComponent</name>
    <message>
        <location filename="../../desktop_app/gui/panel/component.py" line="+149"/>
        <source>Saving…</source>
        <translation>Wird gespeichert …</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved to {places}.</source>
        <translation>Gespeichert in {places}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The caption was not saved</source>
        <translation>Die Bildunterschrift wurde nicht gespeichert</translation>
    </message>
</context>
<context>
    <name>PresetExtras</name>
    <message>
        <location filename="../../desktop_app/gui/settings/preset_extras.py" line="+20"/>
        <source>Keywords</source>
        <translation>Stichwörter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt text</source>
        <translation>Alternativtext</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>languages, e.g. en, de (empty: the settings&apos;)</source>
        <translation>z. B. en, de (leer: wie eingestellt)</translation>
    </message>
</context>
<context>
    <name>PromptPreviewDialog</name>
    <message>
        <location filename="../../desktop_app/gui/panel/prompt_preview.py" line="+54"/>
        <source>Prompt for {name}</source>
        <translation>Prompt für {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reading the photo&apos;s metadata…</source>
        <translation>Metadaten des Fotos werden gelesen …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value from this photo</source>
        <translation>Wert aus diesem Foto</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The model is sent this, with the image:</source>
        <translation>Das Modell erhält dies, zusammen mit dem Bild:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Template variables known for this photo:</source>
        <translation>Für dieses Foto bekannte Vorlagenvariablen:</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Structured answer: {fields}. Local models and servers that support it are held to this JSON schema while decoding.</source>
        <translation>Strukturierte Antwort: {fields}. Lokale Modelle und Server, die es unterstützen, werden beim Dekodieren an dieses JSON-Schema gebunden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A plain caption: no structured answer is asked for.</source>
        <translation>Eine einfache Bildunterschrift: keine strukturierte Antwort verlangt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The prompt could not be made: {error}</source>
        <translation>Der Prompt konnte nicht erstellt werden: {error}</translation>
    </message>
</context>
<context>
    <name>PromptsPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/prompts_page.py" line="+43"/>
        <source>preset default</source>
        <translation>Wert der Vorgabe</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>Duplizieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Default preset</source>
        <translation>Standardvorgabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest caption</source>
        <translation>Längste Bildunterschrift</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also writes</source>
        <translation>Schreibt außerdem</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+51"/>
        <source>  (yours)</source>
        <translation>  (eigene)</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Built-in preset (from the cloud models&apos; own examples): duplicate it to change it.</source>
        <translation>Eingebaute Vorgabe (aus den Beispielen der Cloud-Modelle): duplizieren Sie sie, um sie zu ändern.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>My preset</source>
        <translation>Meine Vorgabe</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{title} (copy)</source>
        <translation>{title} (Kopie)</translation>
    </message>
</context>
<context>
    <name>RunsComponent</name>
    <message>
        <location filename="../../desktop_app/gui/runs/component.py" line="+93"/>
        <source>Caption selected</source>
        <translation>Auswahl beschriften</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Caption the selected images</source>
        <translation>Die ausgewählten Bilder beschriften</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Caption all without caption</source>
        <translation>Alle ohne Bildunterschrift beschriften</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop the run; finished captions are kept</source>
        <translation>Lauf anhalten; fertige Bildunterschriften bleiben erhalten</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Every image already has a caption.</source>
        <translation>Jedes Bild hat bereits eine Bildunterschrift.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Stopping… finished captions are kept</source>
        <translation>Wird angehalten … fertige Bildunterschriften bleiben erhalten</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Stop captioning?</source>
        <translation>Beschriften anhalten?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A caption run is in progress. Stop it and quit? Finished captions are kept.</source>
        <translation>Ein Beschriftungslauf ist im Gange. Anhalten und beenden? Fertige Bildunterschriften bleiben erhalten.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Captioning stopped</source>
        <translation>Beschriften angehalten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not start</source>
        <translation>Konnte nicht starten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot caption</source>
        <translation>Beschriften nicht möglich</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <location filename="../../desktop_app/gui/settings/widgets.py" line="+40"/>
        <source> s</source>
        <translation> s</translation>
    </message>
</context>
<context>
    <name>SettingsComponent</name>
    <message>
        <location filename="../../desktop_app/gui/settings/component.py" line="+38"/>
        <source>Settings…</source>
        <translation>Einstellungen …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings… (Ctrl+,)</source>
        <translation>Einstellungen … (Strg+,)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop_app/gui/settings/dialog.py" line="+31"/>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Captioning</source>
        <translation>Beschriften</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images &amp;&amp; window</source>
        <translation>Bilder &amp;&amp; Fenster</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keywords &amp;&amp; languages</source>
        <translation>Stichwörter &amp;&amp; Sprachen</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message numerus="yes">
        <location filename="../../desktop_app/gui/runs/status_bar.py" line="+39"/>
        <source>%Ln image(s)</source>
        <translation>
            <numerusform>%Ln Bild</numerusform>
            <numerusform>%Ln Bilder</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{shown} of {images}</source>
        <translation>{shown} von {images}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln with a caption</source>
        <translation>
            <numerusform>%Ln mit Bildunterschrift</numerusform>
            <numerusform>%Ln mit Bildunterschrift</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Captioning 0/{total}…</source>
        <translation>Beschriften 0/{total} …</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{done}/{total} · ETA {eta} · {rate} images/min</source>
        <translation>{done}/{total} · Rest {eta} · {rate} Bilder/min</translation>
    </message>
</context>
<context>
    <name>ThumbnailDelegate</name>
    <message>
        <location filename="../../desktop_app/gui/grid/delegate.py" line="+119"/>
        <source>broken image</source>
        <translation>beschädigtes Bild</translation>
    </message>
</context>
<context>
    <name>Toolbar</name>
    <message>
        <location filename="../../desktop_app/gui/toolbar.py" line="+26"/>
        <source>Main</source>
        <translation>Hauptleiste</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recent</source>
        <translation>Zuletzt</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Help</source>
        <translation>Hilfe</translation>
    </message>
</context>
<context>
    <name>WatchComponent</name>
    <message>
        <location filename="../../desktop_app/gui/folders/watching.py" line="+72"/>
        <source>Watch folder</source>
        <translation>Ordner überwachen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Caption new images in this folder as they arrive</source>
        <translation>Neue Bilder in diesem Ordner beschriften, sobald sie ankommen</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Starting to watch…</source>
        <translation>Überwachung startet …</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Watching {folders}</source>
        <translation>Überwache {folders}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New images in this folder are captioned as they arrive.</source>
        <translation>Neue Bilder in diesem Ordner werden beschriftet, sobald sie ankommen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot watch this folder</source>
        <translation>Dieser Ordner kann nicht überwacht werden</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Watching paused: {reason}</source>
        <translation>Überwachung pausiert: {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{folder} is not available: {reason}</source>
        <translation>{folder} ist nicht verfügbar: {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Polling {folder}</source>
        <translation>{folder} wird abgefragt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watching {folder}</source>
        <translation>Überwache {folder}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Watching {folder}: up to date</source>
        <translation>Überwache {folder}: aktuell</translation>
    </message>
</context>
</TS>
