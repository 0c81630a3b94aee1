<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>CaptionPanel</name>
    <message numerus="yes">
        <location filename="../../desktop_app/gui/panel/caption_panel.py" line="+189"/>
        <source>%n image(s) selected</source>
        <translation>
            <numerusform>%n image selected</numerusform>
            <numerusform>%n images selected</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ContentPage</name>
    <message numerus="yes">
        <location filename="../../desktop_app/gui/settings/content_page.py" line="+137"/>
        <source>{file}: %n keyword(s) (imported when you press OK)</source>
        <translation>
            <numerusform>{file}: %n keyword (imported when you press OK)</numerusform>
            <numerusform>{file}: %n keywords (imported when you press OK)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>LocalModelsWidget</name>
    <message numerus="yes">
        <location filename="../../desktop_app/gui/settings/local_models.py" line="+199"/>
        <source>%n physical core(s)</source>
        <translation>
            <numerusform>%n physical core</numerusform>
            <numerusform>%n physical cores</numerusform>
        </translation>
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
    <message numerus="yes">
        <location line="+5"/>
        <source>%Ln with a caption</source>
        <translation>
            <numerusform>%Ln with a caption</numerusform>
            <numerusform>%Ln with a caption</numerusform>
        </translation>
    </message>
</context>
</TS>
