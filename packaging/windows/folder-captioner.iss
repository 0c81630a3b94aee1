; Folder Captioner: Windows installer (Inno Setup 6).
;
; Built by `python packaging\build.py windows [--variant cpu|cuda|vulkan]`, which makes
; the PyInstaller bundle, the icon and the file-type list (filetypes.iss), then runs:
;   iscc /DAppVersion=0.1.0 /DBundleDir=...\dist\folder-captioner /DBuildDir=...\build\windows
;        /DSourceRoot=... /DOutputDir=...\dist /DVariantSuffix= /DVariantTitle="CPU" folder-captioner.iss
;
; Installs per user by default (no administrator rights needed; the wizard offers an
; installation for all users), adds a Start menu entry, offers the app in Explorer's
; "Open with" for every image type it reads and on folders, optionally adds the
; command-line program to PATH, and registers an uninstaller (Settings > Apps).
; Settings, the library index and downloaded models stay in the user's profile when the
; app is uninstalled.

#ifndef AppVersion
  #error Pass /DAppVersion=VERSION (packaging\build.py does)
#endif
#ifndef BundleDir
  #error Pass /DBundleDir=the PyInstaller one-folder bundle
#endif
#ifndef BuildDir
  #error Pass /DBuildDir=the folder holding folder-captioner.ico and filetypes.iss
#endif
#ifndef SourceRoot
  #error Pass /DSourceRoot=the repository root
#endif
#ifndef OutputDir
  #define OutputDir "."
#endif
#ifndef VariantSuffix
  #define VariantSuffix ""
#endif
#ifndef VariantTitle
  #define VariantTitle "CPU"
#endif

#define AppName "Folder Captioner"
#define AppExe "Folder Captioner.exe"
#define CliExe "folder-captioner.exe"

; llama.cpp's CPU backend needs the OpenMP runtime: refuse to package a bundle without it.
#if !FileExists(BundleDir + "\_internal\llama_cpp\lib\vcomp140.dll")
  #error vcomp140.dll is missing from the bundle (see windows_runtime() in the spec)
#endif
#if !FileExists(BundleDir + "\" + AppExe)
  #error The bundle has no "Folder Captioner.exe": build it on Windows with the spec
#endif

[Setup]
AppId={{6C1E5A3D-2F4B-4F0E-9B7A-5D3C8E1F0A42}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion} ({#VariantTitle})
AppPublisher=Folder Captioner contributors
AppPublisherURL=https://github.com/folder-captioner/folder-captioner
AppSupportURL=https://github.com/folder-captioner/folder-captioner/issues
DefaultDirName={autopf}\{#AppName}
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
LicenseFile={#SourceRoot}\LICENSE
SetupIconFile={#BuildDir}\folder-captioner.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
OutputDir={#OutputDir}
OutputBaseFilename=folder-captioner-{#AppVersion}-windows-x64{#VariantSuffix}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
ChangesEnvironment=yes
CloseApplications=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "openwith"; Description: "Offer {#AppName} in ""Open with"" for images and on folders"; GroupDescription: "Integration:"
Name: "addtopath"; Description: "Add the folder-captioner command to PATH"; GroupDescription: "Integration:"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; The Start menu entry, directly in the list of apps (Windows 10 and 11 have no program
; folders); uninstalling is in Settings > Apps, where Inno Setup registers the uninstaller.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "Caption photos with Qwen2.5-VL"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
; "Open with": the application's registration and the image types it reads. Offered in
; the list only; the default program of each type is left as the user chose it.
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}"; ValueType: string; ValueName: "FriendlyAppName"; ValueData: "{#AppName}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\DefaultIcon"; ValueType: string; ValueData: """{app}\{#AppExe}"",0"; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExe}\shell\open\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: openwith
; Folders: "Open in Folder Captioner" in Explorer's context menu.
Root: HKA; Subkey: "Software\Classes\Directory\shell\FolderCaptioner"; ValueType: string; ValueData: "Open in {#AppName}"; Flags: uninsdeletekey; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Directory\shell\FolderCaptioner"; ValueType: string; ValueName: "Icon"; ValueData: """{app}\{#AppExe}"""; Tasks: openwith
Root: HKA; Subkey: "Software\Classes\Directory\shell\FolderCaptioner\command"; ValueType: string; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: openwith
; One SupportedTypes value and one OpenWithList key per extension (generated from the
; app's own list of readable formats by packaging\installers\windows.py).
#include BuildDir + "\filetypes.iss"

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
{ PATH for the command-line program: added to the user's (or, for an all-users
  installation, the machine's) PATH once, removed again on uninstall. }

function PathKeyRoot(): Integer;
begin
  if IsAdminInstallMode() then
    Result := HKEY_LOCAL_MACHINE
  else
    Result := HKEY_CURRENT_USER;
end;

function PathKeyName(): String;
begin
  if IsAdminInstallMode() then
    Result := 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment'
  else
    Result := 'Environment';
end;

function PathContains(Paths, Dir: String): Boolean;
begin
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';') > 0;
end;

procedure AddToPath(Dir: String);
var
  Paths: String;
begin
  if not RegQueryStringValue(PathKeyRoot(), PathKeyName(), 'Path', Paths) then
    Paths := '';
  if PathContains(Paths, Dir) then
    exit;
  if (Paths <> '') and (Copy(Paths, Length(Paths), 1) <> ';') then
    Paths := Paths + ';';
  RegWriteExpandStringValue(PathKeyRoot(), PathKeyName(), 'Path', Paths + Dir);
end;

procedure RemoveFromPath(Dir: String);
var
  Paths: String;
  P: Integer;
begin
  if not RegQueryStringValue(PathKeyRoot(), PathKeyName(), 'Path', Paths) then
    exit;
  P := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Paths) + ';');
  if P = 0 then
    exit;
  Delete(Paths, P, Length(Dir) + 1);
  if (Length(Paths) > 0) and (Copy(Paths, Length(Paths), 1) = ';') then
    Delete(Paths, Length(Paths), 1);
  RegWriteExpandStringValue(PathKeyRoot(), PathKeyName(), 'Path', Paths);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('addtopath') then
    AddToPath(ExpandConstant('{app}'));
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usPostUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
end;
