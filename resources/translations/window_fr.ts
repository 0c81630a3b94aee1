<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_FR">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop_app/gui/help/about.py" line="+40"/>
        <source>the window</source>
        <translation>la fenêtre</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>writes captions into photos; reads every write back</source>
        <translation>écrit les légendes dans les photos ; relit chaque écriture</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>reads embedded captions, XMP sidecars; second reader of every write</source>
        <translation>lit les légendes intégrées et les fichiers annexes XMP ; second lecteur de chaque écriture</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the local model</source>
        <translation>le modèle local</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>decoding images</source>
        <translation>décodage des images</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>HEIC files</source>
        <translation>fichiers HEIC</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the local model&apos;s Python binding</source>
        <translation>la liaison Python du modèle local</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the keyring</source>
        <translation>le trousseau</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the cloud and OpenAI-compatible APIs</source>
        <translation>les API cloud et compatibles OpenAI</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>model downloads</source>
        <translation>téléchargement des modèles</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>watching folders</source>
        <translation>surveillance des dossiers</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>place names for GPS positions, offline</source>
        <translation>noms de lieux des positions GPS, hors ligne</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>settings, API keys, the terminal</source>
        <translation>paramètres, clés d&apos;API, le terminal</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Qwen2.5-VL-3B-Instruct (local default; cloud runware:152@1)</source>
        <translation>Qwen2.5-VL-3B-Instruct (local par défaut ; cloud runware:152@1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qwen Research License Agreement: read it before commercial use</source>
        <translation>Qwen Research License Agreement : à lire avant tout usage commercial</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Qwen2.5-VL-7B-Instruct (local option; cloud runware:152@2)</source>
        <translation>Qwen2.5-VL-7B-Instruct (option locale ; cloud runware:152@2)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>not installed</source>
        <translation>non installé</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>see above</source>
        <translation>voir plus haut</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&lt;p&gt;{app} is free software under the GNU General Public License, version 3 or later. It comes with no warranty.&lt;/p&gt;</source>
        <translation>&lt;p&gt;{app} est un logiciel libre sous licence publique générale GNU, version 3 ou ultérieure. Il est fourni sans aucune garantie.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>component</source>
        <translation>composant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>version</source>
        <translation>version</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>license</source>
        <translation>licence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>used for</source>
        <translation>sert à</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Components</source>
        <translation>Composants</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Models</source>
        <translation>Modèles</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;p&gt;Cloud captions are made by Runware under its own terms; images sent there leave this computer. Local captions never do.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Les légendes cloud sont créées par Runware selon ses propres conditions ; les images envoyées quittent cet ordinateur. Les légendes locales, jamais.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Installed from source (not a packaged build).</source>
        <translation>Installé depuis les sources (pas un paquet).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installed package: {package}.</source>
        <translation>Paquet installé : {package}.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>GPU offload: yes</source>
        <translation>Déchargement GPU : oui</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>GPU offload: no (CPU build)</source>
        <translation>Déchargement GPU : non (version processeur)</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <location line="+18"/>
        <source>About {app}</source>
        <translation>À propos de {app}</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>&lt;p&gt;Captions your photos with Qwen2.5-VL and writes them where your other tools find them.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Légende vos photos avec Qwen2.5-VL et écrit les légendes là où vos autres outils les trouvent.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>llama.cpp: checking the local model&apos;s build…</source>
        <translation>llama.cpp : vérification de la version du modèle local…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ExifTool: checking…</source>
        <translation>ExifTool : vérification…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>llama.cpp: see folder-captioner doctor.</source>
        <translation>llama.cpp : voir folder-captioner doctor.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ExifTool: see folder-captioner doctor.</source>
        <translation>ExifTool : voir folder-captioner doctor.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>llama.cpp could not be loaded: {error}</source>
        <translation>llama.cpp n&apos;a pas pu être chargé : {error}</translation>
    </message>
</context>
<context>
    <name>AdvancedSection</name>
    <message>
        <location filename="../../desktop_app/gui/settings/advanced.py" line="+14"/>
        <source>Advanced</source>
        <translation>Avancé</translation>
    </message>
</context>
<context>
    <name>ApiKeyWidget</name>
    <message>
        <location filename="../../desktop_app/gui/settings/key_widget.py" line="+56"/>
        <location line="+41"/>
        <source>A key is set (hidden)</source>
        <translation>Une clé est définie (masquée)</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Kept in the system keyring; ${variable} overrides it.</source>
        <translation>Gardée dans le trousseau du système ; ${variable} a la priorité.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save key</source>
        <translation>Enregistrer la clé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep the key in the system keyring (never in a file)</source>
        <translation>Garder la clé dans le trousseau du système (jamais dans un fichier)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Test connection</source>
        <translation>Tester la connexion</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Paste a key first.</source>
        <translation>Collez d&apos;abord une clé.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Saved in the system keyring.</source>
        <translation>Enregistrée dans le trousseau du système.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Testing…</source>
        <translation>Test…</translation>
    </message>
</context>
<context>
    <name>CaptionDetails</name>
    <message>
        <location filename="../../desktop_app/gui/panel/caption_details.py" line="+14"/>
        <source>machine-written</source>
        <translation>par la machine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>edited</source>
        <translation>modifiée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>found in the files</source>
        <translation>trouvée dans les fichiers</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Machine-written by {engine} on {when}</source>
        <translation>Écrite par la machine ({engine}) le {when}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Machine-written on {when}</source>
        <translation>Écrite par la machine le {when}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Edited by a person on {when} (drafted by {engine})</source>
        <translation>Modifiée à la main le {when} (ébauche de {engine})</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Edited by a person on {when}</source>
        <translation>Modifiée à la main le {when}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Found in the image&apos;s files</source>
        <translation>Trouvée dans les fichiers de l&apos;image</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Title:</source>
        <translation>Titre :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt text:</source>
        <translation>Texte alternatif :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keywords:</source>
        <translation>Mots-clés :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hierarchy:</source>
        <translation>Hiérarchie :</translation>
    </message>
</context>
<context>
    <name>CaptionPanel</name>
    <message>
        <location filename="../../desktop_app/gui/panel/caption_panel.py" line="+81"/>
        <source>No caption yet. Write one, or caption the image.</source>
        <translation>Pas encore de légende. Écrivez-en une, ou légendez l&apos;image.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save</source>
        <translation>Enregistrer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write the caption to the chosen destinations (Ctrl+S)</source>
        <translation>Écrire la légende aux destinations choisies (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revert</source>
        <translation>Rétablir</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Undo</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Caption again</source>
        <translation>Légender à nouveau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt…</source>
        <translation>Prompt…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Preview the prompt this image would be sent with the chosen preset</source>
        <translation>Aperçu du prompt que cette image recevrait avec le préréglage choisi</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>When</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Source</source>
        <translation>Origine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Backend / model</source>
        <translation>Service / modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost</source>
        <translation>Coût</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caption</source>
        <translation>Légende</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Preset:</source>
        <translation>Préréglage :</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>History</source>
        <translation>Historique</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Also writes: {parts}.</source>
        <translation>Écrit aussi : {parts}.</translation>
    </message>
    <message numerus="yes">
        <location line="+16"/>
        <source>%n image(s) selected</source>
        <translation>
            <numerusform>%n image sélectionnée</numerusform>
            <numerusform>%n images sélectionnées</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No image selected</source>
        <translation>Aucune image sélectionnée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Select an image to see it here.</source>
        <translation>Sélectionnez une image pour la voir ici.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Loading preview…</source>
        <translation>Chargement de l&apos;aperçu…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&lt;b&gt;Captioning failed.&lt;/b&gt; {error}</source>
        <translation>&lt;b&gt;Échec du légendage.&lt;/b&gt; {error}</translation>
    </message>
</context>
<context>
    <name>CaptioningPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/captioning_page.py" line="+45"/>
        <source>In the cloud (Runware)</source>
        <translation>Dans le cloud (Runware)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On this computer (llama.cpp)</source>
        <translation>Sur cet ordinateur (llama.cpp)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On your own server (OpenAI-compatible)</source>
        <translation>Sur votre propre serveur (compatible OpenAI)</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Captions are made</source>
        <translation>Les légendes sont créées</translation>
    </message>
</context>
<context>
    <name>CloudPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/cloud_page.py" line="+20"/>
        <source>Qwen2.5-VL runs on Runware&apos;s servers: fast on any computer, paid per caption. Each photo is downscaled (about 1 megapixel) and sent over the internet.</source>
        <translation>Qwen2.5-VL tourne sur les serveurs de Runware : rapide sur tout ordinateur, payé à la légende. Chaque photo est réduite (environ 1 mégapixel) et envoyée par Internet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Qwen2.5-VL 3B, about $0.0013-0.0026 per caption</source>
        <translation>Qwen2.5-VL 3B, environ $0.0013-0.0026 par légende</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Qwen2.5-VL 7B, better captions</source>
        <translation>Qwen2.5-VL 7B, meilleures légendes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wait for each answer</source>
        <translation>Attendre chaque réponse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Send, then collect the answers (async)</source>
        <translation>Envoyer, puis récupérer les réponses (asynchrone)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>imageCaption (the API&apos;s older name)</source>
        <translation>imageCaption (l&apos;ancien nom de l&apos;API)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Paste your Runware API key</source>
        <translation>Collez votre clé d&apos;API Runware</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>An AIR id, such as runware:152@2</source>
        <translation>Un identifiant AIR, par exemple runware:152@2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>Clé d&apos;API</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Service address</source>
        <translation>Adresse du service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runware&apos;s API. Change it only for a proxy; ${variable} overrides it.</source>
        <translation>L&apos;API de Runware. À ne changer que pour un proxy ; ${variable} a la priorité.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Delivery</source>
        <translation>Remise</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Async sends the photos, then asks for the captions until they are ready; use it when requests time out.</source>
        <translation>L&apos;asynchrone envoie les photos, puis demande les légendes jusqu&apos;à ce qu&apos;elles soient prêtes ; à utiliser quand les requêtes expirent.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Task type</source>
        <translation>Type de tâche</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The name of the API&apos;s caption task.</source>
        <translation>Le nom de la tâche de légende de l&apos;API.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Photos per request</source>
        <translation>Photos par requête</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Several photos travel in one request.</source>
        <translation>Plusieurs photos voyagent dans une requête.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Requests at once</source>
        <translation>Requêtes à la fois</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Give up on a request after</source>
        <translation>Abandonner une requête après</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retries</source>
        <translation>Nouvelles tentatives</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How often a request that failed for a passing reason (busy service, lost connection) is sent again, waiting longer each time.</source>
        <translation>Combien de fois une requête échouée pour une raison passagère (service occupé, connexion perdue) est renvoyée, en attendant plus longtemps à chaque fois.</translation>
    </message>
</context>
<context>
    <name>ConfigForm</name>
    <message>
        <location filename="../../desktop_app/gui/settings/config_form.py" line="+32"/>
        <source>API URL</source>
        <translation>URL de l&apos;API</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Requests in flight</source>
        <translation>Requêtes en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images per request</source>
        <translation>Images par requête</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeout (s)</source>
        <translation>Délai (s)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task type</source>
        <translation>Type de tâche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Context size (0 = automatic)</source>
        <translation>Taille du contexte (0 = automatique)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GPU layers (-1 = automatic)</source>
        <translation>Couches GPU (-1 = automatique)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads (0 = automatic)</source>
        <translation>Threads (0 = automatique)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest caption (tokens)</source>
        <translation>Légende la plus longue (tokens)</translation>
    </message>
</context>
<context>
    <name>ContentPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/content_page.py" line="+46"/>
        <source>Add keywords to each caption</source>
        <translation>Ajouter des mots-clés à chaque légende</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Import keyword list…</source>
        <translation>Importer une liste…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lightroom Classic: Metadata &gt; Export Keywords; or a text file, one keyword (or Parent|Child path) per line</source>
        <translation>Lightroom Classic : Métadonnées &gt; Exporter des mots-clés ; ou un fichier texte, un mot-clé (ou chemin Parent|Enfant) par ligne</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear</source>
        <translation>Effacer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Only keywords from the list</source>
        <translation>Seulement les mots-clés de la liste</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also write the parent keywords</source>
        <translation>Écrire aussi les mots-clés parents</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Also write synonyms</source>
        <translation>Écrire aussi les synonymes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add a short title</source>
        <translation>Ajouter un titre court</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add alt text (accessibility)</source>
        <translation>Ajouter un texte alternatif (accessibilité)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the prompt&apos;s language (e.g. en, de, fr)</source>
        <translation>la langue du prompt (p. ex. en, de, fr)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fill the prompt&apos;s variables from each photo</source>
        <translation>Remplir les variables du prompt à partir de chaque photo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Mark machine-written captions in XMP (IPTC AI properties)</source>
        <translation>Marquer dans le XMP les légendes écrites par la machine (propriétés IA de l&apos;IPTC)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>your name, for your own prompts</source>
        <translation>votre nom, pour vos propres prompts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Preview the prompt for a photo…</source>
        <translation>Aperçu du prompt pour une photo…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>at most</source>
        <translation>au plus</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Keywords</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Vocabulary</source>
        <translation>Vocabulaire</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Also</source>
        <translation>En plus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Languages</source>
        <translation>Langues</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Prompts may use {variables}. A part in [brackets] disappears when its variables are unknown: “A photo[ taken in {{place}}].”</source>
        <translation>Les prompts peuvent utiliser {variables}. Une partie entre [crochets] disparaît quand ses variables sont inconnues : « A photo[ taken in {{place}}]. »</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Context</source>
        <translation>Contexte</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provenance</source>
        <translation>Provenance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt writer</source>
        <translation>Auteur du prompt</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>{file}: %n keyword(s) (imported when you press OK)</source>
        <translation>
            <numerusform>{file} : %n mot-clé (importé quand vous cliquez sur OK)</numerusform>
            <numerusform>{file} : %n mots-clés (importés quand vous cliquez sur OK)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>{file} (imported)</source>
        <translation>{file} (importé)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None: the model chooses keywords freely.</source>
        <translation>Aucun : le modèle choisit librement.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import a keyword list</source>
        <translation>Importer une liste de mots-clés</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keyword lists (*.txt *.csv);;All files (*)</source>
        <translation>Listes de mots-clés (*.txt *.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reading {file}…</source>
        <translation>Lecture de {file}…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>✗ Use language codes such as en, de, fr or pt-BR.</source>
        <translation>✗ Utilisez des codes de langue comme en, de, fr ou pt-BR.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Captions are written as the prompt asks (x-default).</source>
        <translation>Les légendes sont écrites comme le demande le prompt (x-default).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{languages}. The first is the default: EXIF, IPTC and XMP x-default.</source>
        <translation>{languages}. La première est celle par défaut : EXIF, IPTC et XMP x-default.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Preview the prompt for</source>
        <translation>Aperçu du prompt pour</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Images (*)</source>
        <translation>Images (*)</translation>
    </message>
</context>
<context>
    <name>DisplayState</name>
    <message>
        <location filename="../../desktop_app/gui/grid/image_model.py" line="+44"/>
        <source>no caption</source>
        <translation>sans légende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>has a caption</source>
        <translation>a une légende</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>queued</source>
        <translation>en attente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>captioning</source>
        <translation>en cours de légendage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>captioned</source>
        <translation>légendée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>failed</source>
        <translation>en échec</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../desktop_app/gui/error_hook.py" line="+59"/>
        <source>Something went wrong</source>
        <translation>Un problème est survenu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>An unexpected error happened: {error}</source>
        <translation>Une erreur inattendue s&apos;est produite : {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Folder Captioner keeps running and nothing was lost. The details are in the log:
{log}</source>
        <translation>Folder Captioner continue de fonctionner et rien n&apos;a été perdu. Les détails sont dans le journal :
{log}</translation>
    </message>
</context>
<context>
    <name>FirstRunDialog</name>
    <message>
        <location filename="../../desktop_app/gui/help/first_run.py" line="+35"/>
        <source>In the cloud (Runware, Qwen2.5-VL 3B or 7B)</source>
        <translation>Dans le cloud (Runware, Qwen2.5-VL 3B ou 7B)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fast on any computer. Needs an API key from runware.ai and costs about $0.0013-0.0026 per caption. Images are downscaled (about 1 megapixel) and sent over the internet.</source>
        <translation>Rapide sur tout ordinateur. Demande une clé d&apos;API de runware.ai et coûte environ $0.0013-0.0026 par légende. Les images sont réduites (environ 1 mégapixel) et envoyées par Internet.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>On this computer (Qwen2.5-VL, offline)</source>
        <translation>Sur cet ordinateur (Qwen2.5-VL, hors ligne)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Private: images never leave this computer, and no account is needed. One download of about 3.3 GB (3B model), then it works offline. On a CPU a caption takes from several seconds to a few minutes; a GPU is much faster.</source>
        <translation>Privé : les images ne quittent jamais cet ordinateur, et aucun compte n&apos;est nécessaire. Un téléchargement d&apos;environ 3,3 Go (modèle 3B), puis tout fonctionne hors ligne. Sur un processeur, une légende prend de quelques secondes à quelques minutes ; un GPU est bien plus rapide.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>On my own server (OpenAI-compatible: Ollama, LM Studio, vLLM, llama-server)</source>
        <translation>Sur mon propre serveur (compatible OpenAI : Ollama, LM Studio, vLLM, llama-server)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>For studios that run models on another machine. You give the server&apos;s address and the model&apos;s name in Settings.</source>
        <translation>Pour les studios qui font tourner les modèles sur une autre machine. L&apos;adresse du serveur et le nom du modèle se règlent dans les Paramètres.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>A photo library (Lightroom, Bridge, darktable, digiKam, Photo Mechanic)</source>
        <translation>Une photothèque (Lightroom, Bridge, darktable, digiKam, Photo Mechanic)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The caption goes inside each photo (XMP, IPTC and EXIF), where photo tools read it; nothing else in the file changes. RAW and HEIC files get an XMP sidecar beside them instead.</source>
        <translation>La légende va dans chaque photo (XMP, IPTC et EXIF), là où les logiciels photo la lisent ; rien d&apos;autre ne change dans le fichier. Les fichiers RAW et HEIC reçoivent plutôt un fichier annexe XMP à côté.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>A training dataset (kohya, OneTrainer, TagGUI)</source>
        <translation>Un jeu de données d&apos;entraînement (kohya, OneTrainer, TagGUI)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A .txt file beside each image holds its caption; the images are never changed.</source>
        <translation>Un fichier .txt à côté de chaque image contient sa légende ; les images ne sont jamais modifiées.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Both</source>
        <translation>Les deux</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inside each photo and in a .txt file beside it.</source>
        <translation>Dans chaque photo et dans un fichier .txt à côté.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Welcome to {app}</source>
        <translation>Bienvenue dans {app}</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&lt;h2&gt;Welcome to {app}&lt;/h2&gt;&lt;p&gt;It writes a caption for each photo and stores it where Lightroom, darktable, digiKam and training tools find it. Choose where the captions are made, and what they are for. You can change both later in Settings.&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Bienvenue dans {app}&lt;/h2&gt;&lt;p&gt;Il écrit une légende pour chaque photo et l&apos;enregistre là où Lightroom, darktable, digiKam et les outils d&apos;entraînement la trouvent. Choisissez où les légendes sont créées et à quoi elles servent. Vous pourrez changer les deux plus tard dans les Paramètres.&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&lt;b&gt;Where are the captions made?&lt;/b&gt;</source>
        <translation>&lt;b&gt;Où les légendes sont-elles créées ?&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>&lt;b&gt;What are the captions for?&lt;/b&gt;</source>
        <translation>&lt;b&gt;À quoi servent les légendes ?&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Runware API key (saved in your system&apos;s keyring, never in a file):</source>
        <translation>Clé d&apos;API Runware (gardée dans le trousseau de votre système, jamais dans un fichier) :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Paste the key, or leave empty to add it later</source>
        <translation>Collez la clé, ou laissez vide pour l&apos;ajouter plus tard</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Continue</source>
        <translation>Continuer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Decide later</source>
        <translation>Décider plus tard</translation>
    </message>
</context>
<context>
    <name>FoldersComponent</name>
    <message>
        <location filename="../../desktop_app/gui/folders/component.py" line="+63"/>
        <source>Recent folders</source>
        <translation>Dossiers récents</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Open folder…</source>
        <translation>Ouvrir un dossier…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rescan</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Open a folder of images</source>
        <translation>Ouvrir un dossier d&apos;images</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot open folder</source>
        <translation>Impossible d&apos;ouvrir le dossier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>{folder} is not a folder.</source>
        <translation>{folder} n&apos;est pas un dossier.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Opening {folder}…</source>
        <translation>Ouverture de {folder}…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{path} does not exist.</source>
        <translation>{path} n&apos;existe pas.</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>No images in this folder.</source>
        <translation>Aucune image dans ce dossier.</translation>
    </message>
</context>
<context>
    <name>GridComponent</name>
    <message>
        <location filename="../../desktop_app/gui/grid/component.py" line="+71"/>
        <source>Search</source>
        <translation>Rechercher</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Larger thumbnails</source>
        <translation>Vignettes plus grandes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Smaller thumbnails</source>
        <translation>Vignettes plus petites</translation>
    </message>
</context>
<context>
    <name>GridFilters</name>
    <message>
        <location filename="../../desktop_app/gui/grid/filters.py" line="+20"/>
        <source>All images</source>
        <translation>Toutes les images</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Without caption</source>
        <translation>Sans légende</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>With caption</source>
        <translation>Avec légende</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Queued or captioning</source>
        <translation>En attente ou en cours</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Captioned now</source>
        <translation>Légendées à l&apos;instant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Failed</source>
        <translation>En échec</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Any author</source>
        <translation>Tout auteur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Machine-written</source>
        <translation>Écrites par la machine</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Edited by a person</source>
        <translation>Modifiées à la main</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Found in the files</source>
        <translation>Trouvées dans les fichiers</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Search names and captions  (Ctrl+F)</source>
        <translation>Chercher noms, légendes  (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Show images by the state of their caption</source>
        <translation>Afficher les images selon l&apos;état de leur légende</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show captions by who wrote them (the files&apos; XMP and the index say)</source>
        <translation>Afficher les légendes selon leur auteur (d&apos;après le XMP des fichiers et l&apos;index)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Thumbnail size (Ctrl++ and Ctrl+-)</source>
        <translation>Taille des vignettes (Ctrl++ et Ctrl+-)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
</context>
<context>
    <name>HelpComponent</name>
    <message>
        <location filename="../../desktop_app/gui/help/component.py" line="+42"/>
        <source>Where captions are made…</source>
        <translation>Où les légendes sont créées…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>About {app}</source>
        <translation>À propos de {app}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The key was not saved</source>
        <translation>La clé n&apos;a pas été enregistrée</translation>
    </message>
</context>
<context>
    <name>ImageCommands</name>
    <message>
        <location filename="../../desktop_app/gui/grid/commands.py" line="+31"/>
        <source>Copy caption</source>
        <translation>Copier la légende</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reveal in file manager</source>
        <translation>Afficher dans le gestionnaire de fichiers</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open in default app</source>
        <translation>Ouvrir dans l&apos;application par défaut</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Caption copied.</source>
        <translation>Légende copiée.</translation>
    </message>
</context>
<context>
    <name>ImageListModel</name>
    <message>
        <location filename="../../desktop_app/gui/grid/image_model.py" line="+213"/>
        <source>Error: {error}</source>
        <translation>Erreur : {error}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot show this image: {reason}</source>
        <translation>Impossible d&apos;afficher cette image : {reason}</translation>
    </message>
</context>
<context>
    <name>ImagesPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/images_page.py" line="+27"/>
        <source>Follow the system</source>
        <translation>Comme le système</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Light</source>
        <translation>Clair</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dark</source>
        <translation>Sombre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fast</source>
        <translation>Rapide</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balanced</source>
        <translation>Équilibré</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detailed</source>
        <translation>Détaillé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum</source>
        <translation>Maximal</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Photos travel as JPEG; 90 loses nothing a model sees.</source>
        <translation>Les photos voyagent en JPEG ; 90 ne perd rien de ce qu&apos;un modèle voit.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> MP</source>
        <translation> Mpx</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bigger files are skipped with a message: a protection against broken or malicious files that claim billions of pixels.</source>
        <translation>Les fichiers plus grands sont ignorés avec un message : une protection contre les fichiers abîmés ou malveillants qui annoncent des milliards de pixels.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>As the backend sets</source>
        <translation>Selon le service</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>How many photos are being captioned at the same time. The backend&apos;s own setting (requests at once) fits it best.</source>
        <translation>Combien de photos sont légendées en même temps. Le réglage propre au service (requêtes à la fois) lui convient le mieux.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Include subfolders when opening a folder</source>
        <translation>Inclure les sous-dossiers à l&apos;ouverture d&apos;un dossier</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>A new language takes effect when Folder Captioner starts again.</source>
        <translation>Une nouvelle langue prend effet au prochain démarrage de Folder Captioner.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Photo detail</source>
        <translation>Détail de la photo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JPEG quality</source>
        <translation>Qualité JPEG</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Photos at once</source>
        <translation>Photos à la fois</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest photo read</source>
        <translation>Plus grande photo lue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Theme</source>
        <translation>Thème</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What is sent to the model</source>
        <translation>Ce qui est envoyé au modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The window</source>
        <translation>La fenêtre</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>{level} ({tokens} vision tokens, {megapixels} MP)</source>
        <translation>{level} ({tokens} tokens de vision, {megapixels} Mpx)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>How finely the model sees each photo: more detail reads small things better, costs more time (and, in the cloud, more upload). The local model takes at most the detail set on its own page.</source>
        <translation>La finesse avec laquelle le modèle voit chaque photo : plus de détail lit mieux les petites choses, prend plus de temps (et, dans le cloud, plus d&apos;envoi). Le modèle local prend au plus le détail réglé sur sa propre page.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>System language</source>
        <translation>Langue du système</translation>
    </message>
</context>
<context>
    <name>LocalModels</name>
    <message>
        <location filename="../../desktop_app/gui/settings/local_models.py" line="+43"/>
        <source>{size} GB</source>
        <translation>{size} Go</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>{size} MB</source>
        <translation>{size} Mo</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>downloaded</source>
        <translation>téléchargé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>partly downloaded ({size}; Download resumes)</source>
        <translation>partiellement téléchargé ({size} ; « Télécharger » reprend)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not downloaded</source>
        <translation>non téléchargé</translation>
    </message>
</context>
<context>
    <name>LocalModelsWidget</name>
    <message>
        <location line="+36"/>
        <source>llama.cpp build: checking…</source>
        <translation>Version de llama.cpp : vérification…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Size</source>
        <translation>Taille</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Download</source>
        <translation>Télécharger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel download</source>
        <translation>Annuler le téléchargement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use this model</source>
        <translation>Utiliser ce modèle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove</source>
        <translation>Retirer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import GGUF…</source>
        <translation>Importer un GGUF…</translation>
    </message>
    <message>
        <location line="+42"/>
        <location line="+7"/>
        <source> (in use)</source>
        <translation> (utilisé)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>imported</source>
        <translation>importé</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>imported, but a file is missing</source>
        <translation>importé, mais un fichier manque</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>llama.cpp build: {error}</source>
        <translation>Version de llama.cpp : {error}</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>GPU offload available</source>
        <translation>Déchargement GPU disponible</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CPU build (no GPU offload)</source>
        <translation>Version processeur (sans déchargement GPU)</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n physical core(s)</source>
        <translation>
            <numerusform>%n cœur physique</numerusform>
            <numerusform>%n cœurs physiques</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>llama.cpp build: llama-cpp-python {version}, {gpu}, {cores}.</source>
        <translation>Version de llama.cpp : llama-cpp-python {version}, {gpu}, {cores}.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Downloading…</source>
        <translation>Téléchargement…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Verifying {file} ({done} of {total})</source>
        <translation>Vérification de {file} ({done} sur {total})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Already here: {file} ({done} of {total})</source>
        <translation>Déjà là : {file} ({done} sur {total})</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Done: {file} ({done} of {total})</source>
        <translation>Terminé : {file} ({done} sur {total})</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Downloading {file} ({done} of {total})</source>
        <translation>Téléchargement de {file} ({done} sur {total})</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Downloaded and verified. It works offline from now on.</source>
        <translation>Téléchargé et vérifié. Il fonctionne désormais hors ligne.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Remove the model?</source>
        <translation>Retirer le modèle ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete {model}&apos;s files from the Hugging Face cache?</source>
        <translation>Supprimer les fichiers de {model} du cache Hugging Face ?</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removed ({size} freed).</source>
        <translation>Retiré ({size} libérés).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Import a GGUF model</source>
        <translation>Importer un modèle GGUF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>GGUF models (*.gguf)</source>
        <translation>Modèles GGUF (*.gguf)</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Imported {model}; it is now the local model.</source>
        <translation>{model} importé ; c&apos;est maintenant le modèle local.</translation>
    </message>
</context>
<context>
    <name>LocalPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/local_page.py" line="+25"/>
        <source>Qwen2.5-VL on this computer, through llama.cpp: private (photos never leave it) and free. One download, then it works offline; a GPU makes it much faster.</source>
        <translation>Qwen2.5-VL sur cet ordinateur, via llama.cpp : privé (les photos ne le quittent jamais) et gratuit. Un téléchargement, puis tout fonctionne hors ligne ; un GPU le rend bien plus rapide.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Fast</source>
        <translation>Rapide</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Balanced, good on a CPU</source>
        <translation>Équilibré, bien sur un processeur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Detailed, a GPU helps</source>
        <translation>Détaillé, un GPU aide</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum, for a GPU</source>
        <translation>Maximal, pour un GPU</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic (Q8_0, or the one downloaded)</source>
        <translation>Automatique (Q8_0, ou celui qui est téléchargé)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Q8_0: a third smaller, as fast</source>
        <translation>Q8_0 : un tiers plus petit, aussi rapide</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>F16: the reference precision, larger</source>
        <translation>F16 : la précision de référence, plus grand</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>{level} ({tokens} vision tokens, {megapixels} MP)</source>
        <translation>{level} ({tokens} tokens de vision, {megapixels} Mpx)</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>How finely the model sees each photo. More detail reads small things better and takes longer: the model&apos;s cost grows with every 28×28 pixels.</source>
        <translation>La finesse avec laquelle le modèle voit chaque photo. Plus de détail lit mieux les petites choses et prend plus de temps : le coût du modèle croît avec chaque carré de 28×28 pixels.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Photo detail</source>
        <translation>Détail de la photo</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Model name or file</source>
        <translation>Nom ou fichier du modèle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A name from the list above, or the path of a GGUF file.</source>
        <translation>Un nom de la liste ci-dessus, ou le chemin d&apos;un fichier GGUF.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>found with the model</source>
        <translation>trouvé avec le modèle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Vision projector</source>
        <translation>Projecteur de vision</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>The mmproj GGUF file of the model.</source>
        <translation>Le fichier GGUF mmproj du modèle.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Projector type</source>
        <translation>Type de projecteur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Which of a catalog model&apos;s vision projectors to download and use. Q8_0 encodes a photo faster than F16 on a CPU.</source>
        <translation>Lequel des projecteurs de vision d&apos;un modèle du catalogue télécharger et utiliser. Q8_0 encode une photo plus vite que F16 sur processeur.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automatic (physical cores)</source>
        <translation>Automatique (cœurs physiques)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>GPU layers</source>
        <translation>Couches GPU</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatic: every layer when this build can use a GPU, none otherwise. 0 keeps the model on the CPU.</source>
        <translation>Automatique : toutes les couches si cette version sait utiliser un GPU, aucune sinon. 0 garde le modèle sur le processeur.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Flash attention (faster, less memory)</source>
        <translation>Flash attention (plus rapide, moins de mémoire)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Context</source>
        <translation>Contexte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Automatic: what one photo, its prompt and answer need.</source>
        <translation>Automatique : ce dont une photo, son prompt et la réponse ont besoin.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Longest caption</source>
        <translation>Légende la plus longue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Used when the prompt preset sets none.</source>
        <translation>Utilisé quand le préréglage de prompt n&apos;en fixe pas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Temperature</source>
        <translation>Température</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lower is more literal.</source>
        <translation>Plus bas est plus littéral.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop_app/gui/main_window.py" line="+60"/>
        <source>Open a folder (Ctrl+O) or drop one on the window to begin.</source>
        <translation>Ouvrez un dossier (Ctrl+O) ou déposez-en un sur la fenêtre pour commencer.</translation>
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
        <translation>Autre…</translation>
    </message>
</context>
<context>
    <name>OpenAIPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/openai_page.py" line="+20"/>
        <source>Your own server: llama-server, Ollama, LM Studio or vLLM, on this computer or another one, through its OpenAI-compatible API. Photos go only to that server.</source>
        <translation>Votre propre serveur : llama-server, Ollama, LM Studio ou vLLM, sur cet ordinateur ou un autre, via son API compatible OpenAI. Les photos ne vont qu&apos;à ce serveur.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server&apos;s first model</source>
        <translation>Premier modèle du serveur</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Only if the server asks for one</source>
        <translation>Seulement si le serveur en demande une</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>The model&apos;s name on the server</source>
        <translation>Nom du modèle sur le serveur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Test connection fills this list with the server&apos;s models.</source>
        <translation>« Tester la connexion » remplit cette liste avec les modèles du serveur.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server address</source>
        <translation>Adresse du serveur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>API key</source>
        <translation>Clé d&apos;API</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model</source>
        <translation>Modèle</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Requests at once</source>
        <translation>Requêtes à la fois</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>More than the server&apos;s parallel slots only makes requests wait there.</source>
        <translation>Au-delà des emplacements parallèles du serveur, les requêtes ne font qu&apos;y attendre.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Give up on a request after</source>
        <translation>Abandonner une requête après</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A server on a CPU can take minutes for one photo.</source>
        <translation>Un serveur sur processeur peut mettre des minutes pour une photo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> tokens</source>
        <translation> tokens</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Longest caption</source>
        <translation>Légende la plus longue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Used when the prompt preset sets none.</source>
        <translation>Utilisé quand le préréglage de prompt n&apos;en fixe pas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Temperature</source>
        <translation>Température</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Lower is more literal.</source>
        <translation>Plus bas est plus littéral.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retries</source>
        <translation>Nouvelles tentatives</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>How often a request that failed for a passing reason (busy server, lost connection) is sent again, waiting longer each time.</source>
        <translation>Combien de fois une requête échouée pour une raison passagère (serveur occupé, connexion perdue) est renvoyée, en attendant plus longtemps à chaque fois.</translation>
    </message>
</context>
<context>
    <name>OutputPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/output_page.py" line="+16"/>
        <source>Inside the photo (XMP, IPTC and EXIF: what Lightroom and Bridge read)</source>
        <translation>Dans la photo (XMP, IPTC et EXIF : ce que lisent Lightroom et Bridge)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>XMP sidecar file beside the photo (RAW files; darktable, digiKam)</source>
        <translation>Fichier annexe XMP à côté de la photo (fichiers RAW ; darktable, digiKam)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Text file beside the photo (for training datasets)</source>
        <translation>Fichier texte à côté de la photo (pour les jeux d&apos;entraînement)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Write captions</source>
        <translation>Écrire les légendes</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Skip photos that already have a caption</source>
        <translation>Ignorer les photos qui ont déjà une légende</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Caption them again (overwrite)</source>
        <translation>Les légender à nouveau (écraser)</translation>
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
        <translation>Aussi pour JPEG, TIFF, PNG et WebP, pas seulement RAW et HEIC</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These files can hold the caption themselves; without this they get an XMP sidecar only when they already have one.</source>
        <translation>Ces fichiers peuvent contenir la légende eux-mêmes ; sans cette option, ils n&apos;ont un fichier annexe XMP que s&apos;ils en ont déjà un.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Keep the files&apos; modification time</source>
        <translation>Conserver la date de modification des fichiers</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Write inside DNG files, as Lightroom does</source>
        <translation>Écrire dans les fichiers DNG, comme Lightroom</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off: DNG files get an XMP sidecar, like other RAW files. On: the caption goes inside them (ExifTool writes it; nothing else in the file changes).</source>
        <translation>Désactivé : les fichiers DNG reçoivent un fichier annexe XMP, comme les autres fichiers RAW. Activé : la légende va à l&apos;intérieur (ExifTool l&apos;écrit ; rien d&apos;autre ne change dans le fichier).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Write inside HEIC and AVIF files</source>
        <translation>Écrire dans les fichiers HEIC et AVIF</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Off: HEIC and AVIF files get an XMP sidecar. On: the caption goes inside them, checked by two readers before the file is replaced.</source>
        <translation>Désactivé : les fichiers HEIC et AVIF reçoivent un fichier annexe XMP. Activé : la légende va à l&apos;intérieur, vérifiée par deux lecteurs avant le remplacement du fichier.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Existing captions</source>
        <translation>Légendes existantes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>XMP sidecars</source>
        <translation>Fichiers annexes XMP</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Inside the photo</source>
        <translation>Dans la photo</translation>
    </message>
</context>
<context>
    <name>PanelComponent</name>
    <message>
        <location filename="../../desktop_app/gui/panel/component.py" line="+149"/>
        <source>Saving…</source>
        <translation>Enregistrement…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Saved to {places}.</source>
        <translation>Enregistrée dans {places}.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The caption was not saved</source>
        <translation>La légende n&apos;a pas été enregistrée</translation>
    </message>
</context>
<context>
    <name>PresetExtras</name>
    <message>
        <location filename="../../desktop_app/gui/settings/preset_extras.py" line="+20"/>
        <source>Keywords</source>
        <translation>Mots-clés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alt text</source>
        <translation>Texte alternatif</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>languages, e.g. en, de (empty: the settings&apos;)</source>
        <translation>p. ex. en, de (vide : comme réglé)</translation>
    </message>
</context>
<context>
    <name>PromptPreviewDialog</name>
    <message>
        <location filename="../../desktop_app/gui/panel/prompt_preview.py" line="+54"/>
        <source>Prompt for {name}</source>
        <translation>Prompt pour {name}</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reading the photo&apos;s metadata…</source>
        <translation>Lecture des métadonnées de la photo…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Variable</source>
        <translation>Variable</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value from this photo</source>
        <translation>Valeur tirée de cette photo</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The model is sent this, with the image:</source>
        <translation>Le modèle reçoit ceci, avec l&apos;image :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Template variables known for this photo:</source>
        <translation>Variables du modèle connues pour cette photo :</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Structured answer: {fields}. Local models and servers that support it are held to this JSON schema while decoding.</source>
        <translation>Réponse structurée : {fields}. Les modèles locaux et serveurs qui le permettent sont tenus à ce schéma JSON pendant le décodage.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A plain caption: no structured answer is asked for.</source>
        <translation>Une légende simple : aucune réponse structurée n&apos;est demandée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The prompt could not be made: {error}</source>
        <translation>Le prompt n&apos;a pas pu être créé : {error}</translation>
    </message>
</context>
<context>
    <name>PromptsPage</name>
    <message>
        <location filename="../../desktop_app/gui/settings/prompts_page.py" line="+43"/>
        <source>preset default</source>
        <translation>valeur du préréglage</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Duplicate</source>
        <translation>Dupliquer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Default preset</source>
        <translation>Préréglage par défaut</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Longest caption</source>
        <translation>Légende la plus longue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Also writes</source>
        <translation>Écrit aussi</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+51"/>
        <source>  (yours)</source>
        <translation>  (personnel)</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Built-in preset (from the cloud models&apos; own examples): duplicate it to change it.</source>
        <translation>Préréglage intégré (tiré des exemples des modèles cloud) : dupliquez-le pour le modifier.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>My preset</source>
        <translation>Mon préréglage</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>{title} (copy)</source>
        <translation>{title} (copie)</translation>
    </message>
</context>
<context>
    <name>RunsComponent</name>
    <message>
        <location filename="../../desktop_app/gui/runs/component.py" line="+93"/>
        <source>Caption selected</source>
        <translation>Légender la sélection</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Caption the selected images</source>
        <translation>Légender les images sélectionnées</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Caption all without caption</source>
        <translation>Légender toutes les images sans légende</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Stop</source>
        <translation>Arrêter</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stop the run; finished captions are kept</source>
        <translation>Arrêter ; les légendes terminées sont conservées</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Every image already has a caption.</source>
        <translation>Chaque image a déjà une légende.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Stopping… finished captions are kept</source>
        <translation>Arrêt… les légendes terminées sont conservées</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Stop captioning?</source>
        <translation>Arrêter le légendage ?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A caption run is in progress. Stop it and quit? Finished captions are kept.</source>
        <translation>Un légendage est en cours. L&apos;arrêter et quitter ? Les légendes terminées sont conservées.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Captioning stopped</source>
        <translation>Légendage arrêté</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not start</source>
        <translation>Démarrage impossible</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cannot caption</source>
        <translation>Impossible de légender</translation>
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
        <translation>Paramètres…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Settings… (Ctrl+,)</source>
        <translation>Paramètres… (Ctrl+,)</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop_app/gui/settings/dialog.py" line="+31"/>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Captioning</source>
        <translation>Légendage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Prompts</source>
        <translation>Prompts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Output</source>
        <translation>Sortie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Images &amp;&amp; window</source>
        <translation>Images &amp;&amp; fenêtre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keywords &amp;&amp; languages</source>
        <translation>Mots-clés &amp;&amp; langues</translation>
    </message>
</context>
<context>
    <name>StatusBar</name>
    <message numerus="yes">
        <location filename="../../desktop_app/gui/runs/status_bar.py" line="+39"/>
        <source>%Ln image(s)</source>
        <translation>
            <numerusform>%Ln image</numerusform>
            <numerusform>%Ln images</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{shown} of {images}</source>
        <translation>{shown} sur {images}</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln with a caption</source>
        <translation>
            <numerusform>%Ln avec légende</numerusform>
            <numerusform>%Ln avec légende</numerusform>
        </translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Captioning 0/{total}…</source>
        <translation>Légendage 0/{total}…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>{done}/{total} · ETA {eta} · {rate} images/min</source>
        <translation>{done}/{total} · reste {eta} · {rate} images/min</translation>
    </message>
</context>
<context>
    <name>ThumbnailDelegate</name>
    <message>
        <location filename="../../desktop_app/gui/grid/delegate.py" line="+119"/>
        <source>broken image</source>
        <translation>image endommagée</translation>
    </message>
</context>
<context>
    <name>Toolbar</name>
    <message>
        <location filename="../../desktop_app/gui/toolbar.py" line="+26"/>
        <source>Main</source>
        <translation>Barre principale</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Recent</source>
        <translation>Récents</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
</context>
<context>
    <name>WatchComponent</name>
    <message>
        <location filename="../../desktop_app/gui/folders/watching.py" line="+72"/>
        <source>Watch folder</source>
        <translation>Surveiller le dossier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Caption new images in this folder as they arrive</source>
        <translation>Légender les nouvelles images de ce dossier dès leur arrivée</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Starting to watch…</source>
        <translation>Démarrage de la surveillance…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Watching {folders}</source>
        <translation>Surveillance de {folders}</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New images in this folder are captioned as they arrive.</source>
        <translation>Les nouvelles images de ce dossier sont légendées dès leur arrivée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cannot watch this folder</source>
        <translation>Impossible de surveiller ce dossier</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Watching paused: {reason}</source>
        <translation>Surveillance en pause : {reason}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>{folder} is not available: {reason}</source>
        <translation>{folder} n&apos;est pas disponible : {reason}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Polling {folder}</source>
        <translation>Interrogation de {folder}</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Watching {folder}</source>
        <translation>Surveillance de {folder}</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Watching {folder}: up to date</source>
        <translation>Surveillance de {folder} : à jour</translation>
    </message>
</context>
</TS>
